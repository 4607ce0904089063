/** The workflow bundle's entry point: the worker registers every export as a workflow type. */
export { rotateSignonToken } from './rotate-signon-token.js';
