// On a phone a figure keeps the size it was drawn at and scrolls sideways in its own box
// (backprop.css). Mark the figures that are wider than their box, so that their caption can
// say that there is more to see. Marked again whenever an image of a figure changes size (it
// may be laid out after the page's load event), once everything has loaded, and when the
// screen changes size (a phone turns). The figures themselves are not observed: marking one
// changes its caption, and so its height.
function markWideFigures() {
  document.querySelectorAll("article figure").forEach((figure) => {
    figure.classList.toggle("wider-than-screen", figure.scrollWidth > figure.clientWidth + 1);
  });
}
const imageSizes = new ResizeObserver(markWideFigures);
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("article figure img").forEach((image) => imageSizes.observe(image));
});
window.addEventListener("load", markWideFigures);
window.addEventListener("resize", markWideFigures);
