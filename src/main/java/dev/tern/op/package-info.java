/**
 * Operations: the unit of change. Every user action is one {@link dev.tern.op.Op}, stamped with a
 * {@link dev.tern.op.Hlc}, carrying for each field the new value and the base value its author saw.
 */
package dev.tern.op;
