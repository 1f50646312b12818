// For tests only (not exported from the library's index): the text a reader of the generated .pdf and
// .docx sees, shared by the library's unit specs and the API's integration tests.
export * from './lib/documents/document-text.testing';
