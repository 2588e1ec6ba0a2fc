/** One text in each language; `{name}` marks a parameter. Chinese first: most readers read it. */
export interface Texts {
  readonly zh: string;
  readonly en: string;
}
