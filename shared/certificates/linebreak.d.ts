/** Types for `linebreak` (Unicode UAX #14 line breaking), which ships none. */
declare module 'linebreak' {
  interface Break {
    /** UTF-16 offset where the next line may start. */
    position: number;
    /** A mandatory break (after a line feed and the like). */
    required: boolean;
  }
  class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
  export = LineBreaker;
}
