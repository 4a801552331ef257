import { moved, moveFocus } from '../../../../infra/hosting/src/pages/editor/order';

describe('the editor’s reordering', () => {
  it('moves an item one place either way and keeps every other in its order', () => {
    expect(moved(['a', 'b', 'c', 'd'], 'c', -1)).toEqual(['a', 'c', 'b', 'd']);
    expect(moved(['a', 'b', 'c', 'd'], 'b', 1)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('leaves the list as it is at either end or for an unknown id', () => {
    expect(moved(['a', 'b'], 'a', -1)).toEqual(['a', 'b']);
    expect(moved(['a', 'b'], 'b', 1)).toEqual(['a', 'b']);
    expect(moved(['a', 'b'], 'x', 1)).toEqual(['a', 'b']);
  });

  it('keeps focus on the button pressed unless the item reached the end it points to', () => {
    expect(moveFocus('move-module', 'm1', -1, 1, 3)).toBe('move-module-up-m1');
    expect(moveFocus('move-module', 'm1', 1, 1, 3)).toBe('move-module-down-m1');
    // At the top, "up" is disabled: focus goes to "down", which still moves it.
    expect(moveFocus('move-resource', 'r1', -1, 0, 3)).toBe('move-resource-down-r1');
    expect(moveFocus('move-resource', 'r1', 1, 2, 3)).toBe('move-resource-up-r1');
    // The quiz's question buttons follow the same rule under their own prefix.
    expect(moveFocus('quiz-q', '7', 1, 1, 2)).toBe('quiz-q-up-7');
  });
});
