/** Immutable values of the domain: issues, comments, states, priorities, labels. */
package dev.tern.model;
