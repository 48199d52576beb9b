// What a screen reader reads and a pointer shows, in Chinese. Frappe 15's desk writes many accessible names and
// tooltips in English or from raw values: aria-label="Navigate to main content", title="Click to sort by 学校",
// a list cell's title "变动类型: Going Abroad", the Awesomplete library's status line "3 results found" (written
// into a bundled library, out of reach of a patch). Each such attribute and status line is put into Chinese when
// the desk writes it: through the site's translations (zh.csv), a few sentence patterns, and the stored value of
// a cell translated as the cell itself shows it. xueji_app.overrides.contracts checks that the library still
// writes its phrases.
frappe.provide("xueji");

xueji.ACCESSIBLE_PATTERNS = [
	[/^(\d+) results found$/, (m) => __("{0} results found", [m[1]])],
	[/^Type (\d+) or more characters for results\.$/, (m) => __("Type {0} or more characters for results.", [m[1]])],
	[/^Click to sort by (.+)$/, (m) => __("Click to sort by {0}", [__(m[1])])],
	// Frappe translates the sentence but not the label it is given (a list's title column)
	[/^点击按(.*[A-Za-z].*)排序$/, (m) => __("Click to sort by {0}", [__(m[1])])],
	[/^Filter based on (.+)$/, (m) => __("Filter based on {0}", [__(m[1])])],
	[/^Toggle Section: (.+)$/, (m) => __("Toggle Section: {0}", [__(m[1])])],
	[/^This value is fetched from (.+)'s (.+) field$/, (m) => __("This value is fetched from {0}'s {1} field", [__(m[1]), __(m[2])])],
	// a list cell's tooltip, "<label>: <stored value>": the value as the cell shows it
	[/^([^:：]*[\u4e00-\u9fff][^:：]*): ([A-Za-z][A-Za-z ()\-/]*)$/, (m) => `${m[1]}: ${__(m[2])}`],
];

// the Chinese of an English accessible name or tooltip; null when there is none (left as it is)
xueji.accessible_name = function (text) {
	const t = (text || "").trim();
	if (!t || !/[A-Za-z]{2}/.test(t)) return null;
	const messages = frappe._messages || {};
	if (messages[t]) return messages[t];
	for (const [pattern, make] of xueji.ACCESSIBLE_PATTERNS) {
		const m = t.match(pattern);
		if (m) {
			const chinese = make(m);
			return chinese && chinese !== t ? chinese : null;
		}
	}
	return null;
};

$(() => {
	const ATTRIBUTES = ["aria-label", "title", "placeholder", "alt"];
	const STATUS = ".awesomplete [role=status], .sr-only, .visually-hidden";
	const fix = (element) => {
		for (const name of ATTRIBUTES) {
			const value = element.getAttribute && element.getAttribute(name);
			const chinese = value && xueji.accessible_name(value);
			if (chinese && chinese !== value) element.setAttribute(name, chinese);
		}
		if (element.matches && element.matches(STATUS) && !element.children.length) {
			const chinese = xueji.accessible_name(element.textContent);
			if (chinese && chinese !== element.textContent) element.textContent = chinese;
		}
	};
	const fix_tree = (root) => {
		if (root.nodeType !== 1) return;
		fix(root);
		root.querySelectorAll && root.querySelectorAll("[aria-label],[title],[placeholder],img[alt]," + STATUS).forEach(fix);
	};
	const observer = new MutationObserver((mutations) => {
		for (const mutation of mutations) {
			if (mutation.type === "attributes") fix(mutation.target);
			else if (mutation.type === "characterData") mutation.target.parentElement && fix(mutation.target.parentElement);
			else {
				mutation.target.nodeType === 1 && mutation.target.matches && mutation.target.matches(STATUS) && fix(mutation.target);
				mutation.addedNodes.forEach(fix_tree);
			}
		}
	});
	observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
	fix_tree(document.body);
});
