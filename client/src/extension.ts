// PLACEHOLDER: the VS Code client; being written.
export function activate(): void {}
export function deactivate(): void {}
