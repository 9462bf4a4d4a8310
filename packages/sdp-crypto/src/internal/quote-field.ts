/**
 * Field values in error messages, without secrets.
 * @module
 */

/**
 * Quotes a short field value in an error message, or gives only its length: a long value may be key
 * material pasted into the wrong field, and error messages never carry secret bytes.
 */
export function quoteField(value: string): string {
  return value.length <= 8 ? JSON.stringify(value) : `of ${value.length} characters`;
}
