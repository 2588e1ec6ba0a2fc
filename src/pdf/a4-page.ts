// The page of Songda's A4 reports (statements, weekly reports): portrait, in points, with the same
// margins, so their pages print alike.
export const PAGE = { width: 595.28, height: 841.89 };
export const LEFT = 40;
export const RIGHT = PAGE.width - 40;
export const TOP = 40;
/** Rows stop above this; the footer sits below it. */
export const BODY_END = PAGE.height - 50;
