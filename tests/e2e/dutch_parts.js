// Runs in the page (tests/e2e/test_accessibility_matrix.py, English interface): the text that
// reads as Dutch but is not inside an element marked lang="nl" (WCAG 3.1.2). A text counts as
// Dutch when at least three of its words are common Dutch function words. `ignored`: texts whose
// language the app does not decide (typed by users; the statements, see the test), taken out of
// a text before it is judged. An <option> holds text only and cannot mark a part of it.
(ignored) => {
  const dutch = new Set(["de", "het", "een", "en", "van", "niet", "voor", "zijn", "wordt",
    "worden", "naar", "bij", "ook", "maar", "dat", "die", "met", "je", "jullie", "we", "er",
    "heeft", "hebben", "kan", "kunnen", "wat", "hoe", "op", "aan", "om", "te", "is", "zo"]);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, option, [hidden], [aria-hidden=true]")) continue;
    const marked = parent.closest("[lang]");
    if (marked && marked.getAttribute("lang").startsWith("nl")) continue;
    let text = node.textContent;
    ignored.forEach((part) => { text = text.split(part).join(" "); });
    const words = text.toLowerCase().match(/[a-zà-ÿ]+/g) || [];
    const hits = words.filter((w) => dutch.has(w)).length;
    if (hits >= 3 && hits / words.length > 0.2) found.push(text.trim().slice(0, 80));
  }
  return found;
}
