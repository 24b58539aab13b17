/**
 * The error a formula cell shows: `#VALUE!` with a message naming the argument, made with
 * Excel's own `CustomFunctions.Error` when the custom functions runtime provides it (in
 * Excel, and in the browser tests' stub host), else an equivalent object (unit tests in Node).
 */

export interface FormulaError {
  code: string;
  message: string;
}

interface CustomFunctionsRuntime {
  Error: new (code: string, message?: string) => FormulaError;
  ErrorCode: { invalidValue: string; notAvailable: string };
}

function runtime(): CustomFunctionsRuntime | undefined {
  return (globalThis as { CustomFunctions?: CustomFunctionsRuntime }).CustomFunctions;
}

/** #VALUE! with a message (a bad argument). */
export function valueError(message: string): FormulaError {
  const cf = runtime();
  return cf ? new cf.Error(cf.ErrorCode.invalidValue, message) : { code: '#VALUE!', message };
}

/** #N/A with a message (the API could not answer). */
export function notAvailable(message: string): FormulaError {
  const cf = runtime();
  return cf ? new cf.Error(cf.ErrorCode.notAvailable, message) : { code: '#N/A', message };
}
