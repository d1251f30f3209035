// PLACEHOLDER: the language server entry; being written.
export {};
