/** Small SQL helpers shared by modules' repositories. */

/** Escapes LIKE's wildcards (`%`, `_`) and its escape character so user text matches literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching values that contain `text` literally. */
export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;

/** A LIKE pattern matching values that start with `text` literally. */
export const prefixPattern = (text: string): string => `${escapeLike(text)}%`;
