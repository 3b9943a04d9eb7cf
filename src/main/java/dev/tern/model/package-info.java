/**
 * Immutable values of the domain: issues, comments, states, priorities, labels; and the exceptions
 * any layer throws with a message meant for the user (bad input, nothing found, an unusable store).
 */
package dev.tern.model;
