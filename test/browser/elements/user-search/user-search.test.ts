/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { UserView } from '../../../../src/data/types.js';
import { loadPart } from '../../../../src/elements/base/lazy-parts.js';
import type { BismanUserSearch, UserSearchFn } from '../../../../src/elements/user-search/bisman-user-search.js';
import { getByRole, queryAllByRole } from '../../../helpers/shadow.js';

const person = (username: string, displayName: string): UserView => ({
  id: `id-${username}`,
  username,
  displayName,
  presence: 'online',
  lastPictureUpdate: 0,
});
const PEOPLE = [person('alice', 'Alice Andersen'), person('bob', 'Bob Brandt'), person('bert', 'Bert Berg')];

/** A lookup that resolves only when the test says so, to order answers at will. */
function controlledSearch() {
  const calls: { term: string; signal: AbortSignal; resolve: (users: UserView[]) => void }[] = [];
  const search: UserSearchFn = (term, signal) => new Promise((resolve) => calls.push({ term, signal, resolve }));
  return { search, calls };
}

const matching = (term: string) => PEOPLE.filter((p) => p.username.startsWith(term.toLowerCase()));

describe('<bisman-user-search>', () => {
  // Registered on first use, as New message does.
  before(() => loadPart('bisman-user-search'));

  it('is a combobox that lists people as you type and is accessible', async () => {
    const search: UserSearchFn = async (term) => matching(term);
    const el = await fixture<BismanUserSearch>(
      html`<bisman-user-search exclude-id="id-alice" .search=${search}></bisman-user-search>`,
    );
    const combobox = getByRole<HTMLInputElement>(el, 'combobox', { name: 'Find a person' });
    expect(combobox.getAttribute('aria-expanded')).to.equal('false');
    combobox.focus();
    await sendKeys({ type: 'b' });
    await waitUntil(() => queryAllByRole(el, 'option').length === 2);
    expect(combobox.getAttribute('aria-expanded')).to.equal('true');
    const listbox = getByRole(el, 'listbox');
    expect(combobox.getAttribute('aria-controls')).to.equal(listbox.id);
    const options = queryAllByRole(el, 'option');
    expect(combobox.getAttribute('aria-activedescendant')).to.equal(options[0]!.id);
    await expect(el).to.be.accessible();
  });

  it('leaves the excluded person (yourself) out', async () => {
    const search: UserSearchFn = async (term) => matching(term);
    const el = await fixture<BismanUserSearch>(
      html`<bisman-user-search exclude-id="id-bob" .search=${search}></bisman-user-search>`,
    );
    getByRole(el, 'combobox').focus();
    await sendKeys({ type: 'b' });
    await waitUntil(() => queryAllByRole(el, 'option').length === 1);
    expect(getByRole(el, 'option').textContent).to.contain('Bert Berg');
  });

  it('keeps only the latest answer when an older one arrives late', async () => {
    const { search, calls } = controlledSearch();
    const el = await fixture<BismanUserSearch>(html`<bisman-user-search .search=${search}></bisman-user-search>`);
    getByRole(el, 'combobox').focus();
    await sendKeys({ type: 'a' });
    await waitUntil(() => calls.length === 1);
    await sendKeys({ type: 'l' });
    await waitUntil(() => calls.length === 2);
    expect(calls[0]!.signal.aborted).to.equal(true);
    calls[1]!.resolve(matching('al'));
    await waitUntil(() => queryAllByRole(el, 'option').length === 1);
    calls[0]!.resolve(PEOPLE);
    await el.updateComplete;
    expect(queryAllByRole(el, 'option').map((o) => o.id)).to.have.length(1);
    expect(calls.map((c) => c.term)).to.deep.equal(['a', 'al']);
  });

  it('debounces: fast typing asks once for the whole term', async () => {
    const { search, calls } = controlledSearch();
    const el = await fixture<BismanUserSearch>(html`<bisman-user-search .search=${search}></bisman-user-search>`);
    getByRole(el, 'combobox').focus();
    await sendKeys({ type: 'bob' });
    await waitUntil(() => calls.length > 0);
    calls.at(-1)!.resolve(matching('bob'));
    await waitUntil(() => queryAllByRole(el, 'option').length === 1);
    expect(calls.at(-1)!.term).to.equal('bob');
    expect(calls.length).to.be.lessThan(3);
  });

  it('moves with the arrow keys and picks with Enter', async () => {
    const search: UserSearchFn = async (term) => matching(term);
    const el = await fixture<BismanUserSearch>(html`<bisman-user-search .search=${search}></bisman-user-search>`);
    const combobox = getByRole(el, 'combobox');
    combobox.focus();
    await sendKeys({ type: 'b' });
    await waitUntil(() => queryAllByRole(el, 'option').length === 2);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const selected = getByRole(el, 'option', { name: /Bert Berg/ });
    expect(selected.getAttribute('aria-selected')).to.equal('true');
    expect(combobox.getAttribute('aria-activedescendant')).to.equal(selected.id);
    const picked = oneEvent(el, 'bisman-user-search:pick');
    await sendKeys({ press: 'Enter' });
    expect((await picked).detail.user.username).to.equal('bert');
  });

  it('picks on click', async () => {
    const search: UserSearchFn = async (term) => matching(term);
    const el = await fixture<BismanUserSearch>(html`<bisman-user-search .search=${search}></bisman-user-search>`);
    getByRole(el, 'combobox').focus();
    await sendKeys({ type: 'bo' });
    await waitUntil(() => queryAllByRole(el, 'option').length === 1);
    const picked = oneEvent(el, 'bisman-user-search:pick');
    getByRole(el, 'option', { name: /Bob Brandt/ }).click();
    expect((await picked).detail.user.id).to.equal('id-bob');
  });

  it('closes on Escape when no list is open', async () => {
    const el = await fixture<BismanUserSearch>(
      html`<bisman-user-search .search=${async () => []}></bisman-user-search>`,
    );
    getByRole(el, 'combobox').focus();
    const closed = oneEvent(el, 'bisman-user-search:close');
    await sendKeys({ press: 'Escape' });
    await closed;
    expect(getByRole(el, 'combobox').getAttribute('aria-expanded')).to.equal('false');
  });
});
