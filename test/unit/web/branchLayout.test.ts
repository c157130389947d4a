import { expect } from 'chai';
import { withCatalogLinks, placeSlots, type PlacedSlot } from '../../../web/src/screens/videos/branchLayout.js';

const at = (placed: PlacedSlot[]) => Object.fromEntries(placed.map((p) => [p.slotId, [p.column, p.row]]));

describe('branch graph layout', () => {
  it('when slots branch from one start then each column is the number of choices from it, busiest branch on top', () => {
    const placed = placeSlots([
      { fromSlotId: 'intro', toSlotId: 'b', count: 5 },
      { fromSlotId: 'intro', toSlotId: 'a', count: 12 },
      { fromSlotId: 'a', toSlotId: 'a-end', count: 7 },
      { fromSlotId: 'b', toSlotId: 'b-end', count: 3 },
    ]);
    expect(at(placed)).to.deep.equal({ intro: [0, 0], a: [1, 0], b: [1, 1], 'a-end': [2, 0], 'b-end': [2, 1] });
    expect(placed.find((p) => p.slotId === 'intro')).to.include({ out: 17, in: 0 });
  });

  it('when a choice loops back then the start stays the slot the loop mostly leaves from', () => {
    const placed = placeSlots([
      { fromSlotId: 'b', toSlotId: 'intro', count: 1 },
      { fromSlotId: 'intro', toSlotId: 'b', count: 9 },
    ]);
    expect(at(placed)).to.deep.equal({ intro: [0, 0], b: [1, 0] });
  });

  it('when parts of the graph are unconnected then each is stacked below the one before', () => {
    const placed = placeSlots([
      { fromSlotId: 'x', toSlotId: 'y', count: 2 },
      { fromSlotId: 'intro', toSlotId: 'a', count: 4 },
      { fromSlotId: 'intro', toSlotId: 'b', count: 3 },
    ]);
    expect(at(placed)).to.deep.equal({ intro: [0, 0], a: [1, 0], b: [1, 1], x: [0, 2], y: [1, 2] });
  });

  it('when a slot chooses itself then it is placed once', () => {
    expect(placeSlots([{ fromSlotId: 's', toSlotId: 's', count: 3 }])).to.deep.equal([{ slotId: 's', column: 0, row: 0, out: 3, in: 3 }]);
  });

  it('when the catalog offers a branch nobody chose then it joins the counted ones with count 0, and a chosen one is not doubled', () => {
    const merged = withCatalogLinks([{ fromSlotId: 'intro', toSlotId: 'left', count: 3 }], [
      { fromSlotId: 'intro', toSlotId: 'left' },
      { fromSlotId: 'intro', toSlotId: 'new' },
    ]);
    expect(merged).to.deep.equal([
      { fromSlotId: 'intro', toSlotId: 'left', count: 3 },
      { fromSlotId: 'intro', toSlotId: 'new', count: 0 },
    ]);
    expect(placeSlots(merged).map((p) => p.slotId).sort()).to.deep.equal(['intro', 'left', 'new']);
  });
});
