// Runs in the page (tests/e2e/test_accessibility_matrix.py): opens every <details>, then reports
// what a keyboard or a phone user would meet. Colours are compared the way WCAG 2.1 defines
// contrast (relative luminance). [ours, controls]: ours = the app's own pages (not the admin);
// controls = also focus every visible control and compute its focus ring and its border.
async ([ours, controls]) => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  // Let the page's own scripts see the new size (ResizeObserver runs before the next paint).
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const problems = [];
  const rgb = (text) => (text.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !el.closest(".table-responsive, .table-scroll, .visually-hidden"));
    problems.push(`scrolls sideways (${root.scrollWidth} > ${root.clientWidth}): ` + wide.slice(-3).map(name).join(", "));
  }
  document.querySelectorAll("*").forEach((el) => {
    const style = getComputedStyle(el);
    if (!["auto", "scroll"].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) return;
    if (el === root || el === document.body) return;
    // The admin's boxes hold links and fields, which is enough for axe (scrollable-region-focusable).
    if (!ours) return;
    if (el.tabIndex < 0 || !(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")))
      problems.push("a scroll box without focus or name: " + name(el));
  });
  if (!controls) return problems;
  document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
  ).forEach((el) => {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") return;
    el.focus();
    if (document.activeElement !== el) return;
    const style = getComputedStyle(el);
    const target = el.matches(".scale-input") ? el.closest(".scale-option") : el;
    const ring = target === el ? style : getComputedStyle(target);
    const width = parseFloat(ring.outlineWidth);
    if (ring.outlineStyle === "none" || width < 2) {
      problems.push(`no focus ring on ${name(el)} (${ring.outlineStyle} ${ring.outlineWidth})`);
    } else {
      const contrast = ratio(rgb(ring.outlineColor), background(target.parentElement));
      if (contrast < 3) problems.push(`focus ring ${contrast.toFixed(2)}:1 on ${name(el)}`);
    }
    el.blur();
    const border = getComputedStyle(el);
    const native = border.appearance !== "none" && el.matches("[type=radio], [type=checkbox]");
    if (el.matches("input, select, textarea") && !native && parseFloat(border.borderTopWidth) > 0) {
      const contrast = ratio(rgb(border.borderTopColor), background(el.parentElement));
      if (contrast < 3) problems.push(`border ${contrast.toFixed(2)}:1 on ${name(el)}`);
    }
  });
  return problems;
}
