// The organization part of the explorer: the <policy-organization data-view=JSON> element draws
// the view (OrgOutline::view_json in web/core/src/organization.rs) in plain DOM, in the
// organization's own words: folders (OUs) with their control policies (SCPs) and member
// accounts, the accounts outside, and each trusted service's delegated administrators in order. Drawn here rather than by Yew to keep the wasm small (a Yew
// tree of selects and buttons cost 5.6 KB of gzipped wasm). It makes no change itself: each
// button carries its edit in `data-edit`, each select's options in their values, and the
// explorer (web/src/components/explorer.rs) hears the click or change as it bubbles and decodes
// the edit (OrgEdit::decode): kind, a, b and flag separated by U+0001:
//   move      account, node ('' takes it out of the organization)
//   control   node, policy, attach ('1') or detach ('0')
//   delegated service, account, add ('1') or remove ('0')
// User text only ever goes into text nodes and attribute values, never into markup.

const edit = (kind, a, b, flag) => [kind, a, b, flag ? '1' : '0'].join('\u0001');

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) e.setAttribute(k, v);
  e.append(...children.filter((c) => c != null));
  return e;
}

/** A select whose first option prompts; each other option's value is its edit. */
const choose = (label, testid, prompt, options) => el('select', { 'aria-label': label, 'data-testid': testid },
  el('option', { value: '' }, prompt), ...options.map(([value, text]) => el('option', { value }, text)));

const button = (label, value) => el('button', { type: 'button', class: 'small', 'aria-label': label, 'data-edit': value }, '×');

/** Draws the view `json` into `host`. */
function render(host, json) {
  const { org, accounts, library, locked } = JSON.parse(json);
  // The organization's own words: "folder" and "control policy" in a Resource Directory, "OU"
  // and "SCP" in an AWS Organization (the same as the chain view's tree).
  const words = org.words;
  const Policies = words.policies[0].toUpperCase() + words.policies.slice(1);
  const nameOf = (id) => (accounts.find(([a]) => a === id) || [id, id])[1];
  const account = (id, current) => el('li', { class: 'row', 'data-testid': `org-account-${id}` },
    el('span', { class: 'item' }, nameOf(id)), el('code', { class: 'muted' }, id),
    locked ? null : choose(`Move account ${nameOf(id)}`, `org-move-${id}`, 'Move to…', [
      ...org.nodes.filter((n) => n.name !== current).map((n) => [edit('move', id, n.name, true), n.name]),
      ...(current ? [[edit('move', id, '', true), 'outside the organization']] : []),
    ]));
  const node = (n) => el('li', { class: 'org-node', style: `margin-left: ${n.depth}em`, 'data-testid': `org-node-${n.name}` },
    el('div', { class: 'row' }, el('strong', {}, `${n.depth === 0 ? 'root' : words.node} ${n.name}`)),
    el('ul', { class: 'attached', 'aria-label': `${Policies} of ${n.name}` },
      ...n.control_policies.map((p) => el('li', { class: 'row' },
        el('span', { class: 'tag', 'data-testid': 'org-control-policy' }, p),
        locked ? null : button(`Detach ${words.policy} ${p} from ${n.name}`, edit('control', n.name, p, false)))),
      locked ? null : el('li', {}, choose(`Attach ${words.a_policy} to ${n.name}`, `org-attach-${n.name}`, `Attach ${words.policy}…`,
        library.filter((p) => !n.control_policies.includes(p)).map((p) => [edit('control', n.name, p, true), p])))),
    el('ul', { 'aria-label': `Accounts in ${n.name}` }, ...n.accounts.map((id) => account(id, n.name))));
  const delegated = ([service, admins]) => el('div', { 'data-testid': `org-delegated-${service}` },
    el('p', {}, el('code', {}, service)),
    el('ol', {}, ...admins.map((id) => el('li', { class: 'row', 'data-testid': 'org-delegated-admin' },
      el('span', { class: 'item' }, nameOf(id)), el('code', { class: 'muted' }, id),
      locked ? null : button(`Remove ${nameOf(id)} as delegated administrator for ${service}`,
        edit('delegated', service, id, false))))),
    locked ? null : choose(`Add a delegated administrator for ${service}`, `org-add-admin-${service}`, 'Add delegated administrator…',
      accounts.filter(([id]) => !admins.includes(id) && id !== org.management_account)
        .map(([id, name]) => [edit('delegated', service, id, true), `${name} (${id})`])));
  // replaceChildren writes a null child as the text "null": the parts left out are filtered.
  host.replaceChildren(...[
    el('h2', { id: 'org-title' }, words.title),
    el('p', { class: 'muted' }, 'Management account ', el('code', {}, org.management_account)),
    el('ul', { class: 'tree' }, ...org.nodes.map(node),
      org.outside.length === 0 ? null : el('li', { class: 'org-node', 'data-testid': 'org-outside' },
        el('div', { class: 'row' }, el('strong', {}, 'Outside the organization')),
        el('ul', {}, ...org.outside.map((id) => account(id, null))))),
    el('h3', {}, 'Delegated administrators'),
    org.delegated.length === 0 ? el('p', { class: 'muted' }, 'None.') : null,
    ...org.delegated.map(delegated),
  ].filter((part) => part != null));
}

/** Defines <policy-organization>, which draws its `data-view` whenever it changes. */
export function defineOrganizationElement() {
  if (customElements.get('policy-organization')) return;
  customElements.define('policy-organization', class extends HTMLElement {
    static get observedAttributes() { return ['data-view']; }
    attributeChangedCallback() { if (this.dataset.view) render(this, this.dataset.view); }
  });
}
