/** The drag payload type of a palette block (its key), so the canvas ignores other drops. */
export const BLOCK_DRAG_TYPE = 'application/x-dovetail-block';
