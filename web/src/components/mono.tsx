/** Codes and numbers in a table cell: fixed width digits, never broken. */
export const mono = (text: string | null | undefined) => <span className="songda-mono">{text ?? '–'}</span>;
