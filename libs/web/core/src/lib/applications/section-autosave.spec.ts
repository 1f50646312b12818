import { describe, expect, it } from '@jest/globals';
import type { SectionState } from '@dahe/shared/contracts';
import { type AutosaveScheduler, type AutosaveState, type SaveOutcome, SectionAutosave, sameContent } from './section-autosave';

/** A hand-driven clock: `advance(ms)` runs what is due. */
class FakeScheduler implements AutosaveScheduler {
  private at = 0;
  private next = 1;
  private readonly pending = new Map<number, { due: number; callback: () => void }>();
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { due: this.at + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.at += ms;
    for (const [id, entry] of [...this.pending]) {
      if (entry.due <= this.at) {
        this.pending.delete(id);
        entry.callback();
      }
    }
  }
  get scheduled(): number {
    return this.pending.size;
  }
}

/** A server whose answers the test hands out one by one. */
function server() {
  const calls: { content: unknown; version: number; answer: (outcome: SaveOutcome) => void }[] = [];
  const save = (content: unknown, version: number) => new Promise<SaveOutcome>((resolve) => calls.push({ content, version, answer: resolve }));
  return { calls, save };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(initial: SectionState = { content: { text: '甲' }, version: 3, updatedAt: '2024-08-01T02:00:00.000Z' }) {
  const scheduler = new FakeScheduler();
  const api = server();
  const states: AutosaveState[] = [];
  const saved: number[] = [];
  const autosave = new SectionAutosave({
    initial,
    save: api.save,
    scheduler,
    now: () => new Date('2024-08-01T02:42:10.000Z'),
    onChange: (state) => states.push(state),
    onSaved: (version) => saved.push(version),
  });
  return { autosave, scheduler, api, states, saved };
}

describe('SectionAutosave', () => {
  it('saves once typing pauses for 1.5 s, with the version the edit was based on', async () => {
    const { autosave, scheduler, api, saved } = setup();
    autosave.edit({ text: '甲乙' });
    expect(autosave.state.status).toBe('dirty');
    scheduler.advance(1000);
    autosave.edit({ text: '甲乙丙' });
    scheduler.advance(1000);
    expect(api.calls).toHaveLength(0); // the second keystroke restarted the pause
    scheduler.advance(500);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]).toMatchObject({ content: { text: '甲乙丙' }, version: 3 });
    expect(autosave.state.status).toBe('saving');
    api.calls[0]!.answer({ kind: 'saved', version: 4 });
    await settle();
    expect(autosave.state).toMatchObject({ status: 'clean', baseVersion: 4, savedAt: '2024-08-01T02:42:10.000Z' });
    expect(autosave.hasUnsavedChanges).toBe(false);
    expect(saved).toEqual([4]);
  });

  it('does not save when the text is back to what is stored', () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '甲乙' });
    autosave.edit({ text: '甲' });
    expect(autosave.state.status).toBe('clean');
    scheduler.advance(5000);
    expect(api.calls).toHaveLength(0);
  });

  it('sends edits made during a save after it, based on the new version', async () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '一' });
    scheduler.advance(1500);
    autosave.edit({ text: '一二' });
    expect(autosave.state.status).toBe('saving');
    scheduler.advance(5000);
    expect(api.calls).toHaveLength(1); // one request at a time
    api.calls[0]!.answer({ kind: 'saved', version: 4 });
    await settle();
    expect(autosave.state.status).toBe('dirty');
    expect(autosave.hasUnsavedChanges).toBe(true);
    scheduler.advance(1500);
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]).toMatchObject({ content: { text: '一二' }, version: 4 });
  });

  it('stops in conflict on a stale save, keeps my text, and saves nothing until the person decides', async () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '我的' });
    scheduler.advance(1500);
    const theirs: SectionState = { content: { text: '他的' }, version: 5, updatedBy: 'u2', updatedAt: '2024-08-01T02:41:00.000Z' };
    api.calls[0]!.answer({ kind: 'stale', current: theirs });
    await settle();
    expect(autosave.state.status).toBe('conflict');
    expect(autosave.state.conflict).toEqual({ mine: { text: '我的' }, theirs, base: { text: '甲' } });
    expect(autosave.hasUnsavedChanges).toBe(true);
    autosave.edit({ text: '我的又改' });
    scheduler.advance(5000);
    expect(api.calls).toHaveLength(1);
    expect(autosave.state.content).toEqual({ text: '我的' });
  });

  it('keeps mine by saving it over the version now stored', async () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '我的' });
    scheduler.advance(1500);
    api.calls[0]!.answer({ kind: 'stale', current: { content: { text: '他的' }, version: 5 } });
    await settle();
    const done = autosave.keepMine();
    expect(api.calls[1]).toMatchObject({ content: { text: '我的' }, version: 5 });
    api.calls[1]!.answer({ kind: 'saved', version: 6 });
    await done;
    expect(autosave.state).toMatchObject({ status: 'clean', baseVersion: 6, savedContent: { text: '我的' } });
    expect(autosave.state.conflict).toBeUndefined();
  });

  it('saves a merged text over the version now stored', async () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '我的' });
    scheduler.advance(1500);
    api.calls[0]!.answer({ kind: 'stale', current: { content: { text: '他的' }, version: 5 } });
    await settle();
    const done = autosave.resolveWith({ text: '我的和他的' });
    expect(api.calls[1]).toMatchObject({ content: { text: '我的和他的' }, version: 5 });
    api.calls[1]!.answer({ kind: 'saved', version: 6 });
    await done;
    expect(autosave.state.content).toEqual({ text: '我的和他的' });
  });

  it('takes theirs without saving anything', async () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '我的' });
    scheduler.advance(1500);
    api.calls[0]!.answer({ kind: 'stale', current: { content: { text: '他的' }, version: 5, updatedAt: '2024-08-01T02:41:00.000Z' } });
    await settle();
    autosave.takeTheirs();
    expect(autosave.state).toMatchObject({ status: 'clean', baseVersion: 5, content: { text: '他的' }, savedAt: '2024-08-01T02:41:00.000Z' });
    expect(api.calls).toHaveLength(1);
  });

  it('keeps the text on a 401 and stops retrying until asked', async () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '未保存' });
    scheduler.advance(1500);
    api.calls[0]!.answer({ kind: 'expired' });
    await settle();
    expect(autosave.state.status).toBe('expired');
    autosave.edit({ text: '未保存，再写一句' });
    expect(autosave.state.status).toBe('expired');
    expect(scheduler.scheduled).toBe(0);
    expect(autosave.state.content).toEqual({ text: '未保存，再写一句' });
    expect(autosave.hasUnsavedChanges).toBe(true);
    void autosave.retry();
    expect(api.calls[1]).toMatchObject({ content: { text: '未保存，再写一句' }, version: 3 });
  });

  it('reports other failures and retries on the next edit', async () => {
    const { autosave, scheduler, api } = setup();
    autosave.edit({ text: '一' });
    scheduler.advance(1500);
    api.calls[0]!.answer({ kind: 'failed', status: 503 });
    await settle();
    expect(autosave.state).toMatchObject({ status: 'error', failedStatus: 503 });
    autosave.edit({ text: '一二' });
    scheduler.advance(1500);
    expect(api.calls).toHaveLength(2);
  });

  it('starts again from the stored section after a restore', async () => {
    const { autosave } = setup();
    autosave.edit({ text: '草稿' });
    autosave.reset({ content: { text: '旧版' }, version: 7 });
    expect(autosave.state).toMatchObject({ status: 'clean', baseVersion: 7, content: { text: '旧版' } });
    expect(autosave.hasUnsavedChanges).toBe(false);
  });

  it('compares contents regardless of key order', () => {
    expect(sameContent({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameContent({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameContent(null, undefined)).toBe(true);
  });
});
