// Which characters text from clients may hold, by what the text is for. Text we only store needs
// to be storable: PostgreSQL's text type refuses U+0000 and nothing else. An id the client chooses
// and matches our answers on (a spend event id) is also echoed in answers and logs, so it holds no
// control character (C0 or DEL) that could split or disguise a line.

export interface CharacterRule {
  readonly pattern: RegExp;
  readonly message: string;
}

/** Names, references and other text a client sends for us to keep. */
export const STORABLE_TEXT: CharacterRule = {
  // eslint-disable-next-line no-control-regex -- U+0000 is exactly the character refused
  pattern: /^[^\u0000]*$/,
  message: 'must not contain NUL (\\u0000) characters',
};

/** An id the client chooses, such as a spend event id. */
export const CLIENT_CHOSEN_ID: CharacterRule = {
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  pattern: /^[^\u0000-\u001F\u007F]+$/,
  message: 'no control characters',
};
