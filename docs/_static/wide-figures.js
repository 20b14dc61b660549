// On a phone a figure keeps the size it was drawn at and scrolls sideways in its own box
// (backprop.css). Mark the figures that are wider than their box, so that their caption can
// say that there is more to see.
function markWideFigures() {
  document.querySelectorAll("article figure").forEach((figure) => {
    figure.classList.toggle("wider-than-screen", figure.scrollWidth > figure.clientWidth + 1);
  });
}
window.addEventListener("load", markWideFigures);
window.addEventListener("resize", markWideFigures);
