import { useState } from 'react';

import { sameJson } from '../lib/form-schema';

/**
 * The text of a field that edits a value through text (JSON, a number or an expression).
 *
 * The text is kept locally so half-typed input is not lost while it does not parse yet; when the
 * value changes from outside (undo, redo, the data picker, a restored version) and the text no
 * longer reads as it, the text is written anew from the value. The field shows what is saved.
 */
export function useSyncedText(
  value: unknown,
  format: (value: unknown) => string,
  parse: (text: string) => unknown,
): [string, (text: string) => void] {
  const [state, setState] = useState(() => ({ text: format(value), value }));
  let text = state.text;
  if (state.value !== value) {
    text = sameJson(parse(state.text), value) ? state.text : format(value);
    setState({ text, value });
  }
  const setText = (next: string) => {
    setState({ text: next, value: parse(next) });
  };
  return [text, setText];
}
