// The « Notes d'animation » toggle: shows or hides the trainer notes (!!! formateur blocks).
// The choice is kept in localStorage; Material's instant navigation keeps <html>, so the class
// survives page changes, and document$ lets us re-mount the button if the header is redrawn.
(() => {
  "use strict";
  const KEY = "edukit.trainerView.v1";
  const CLASS = "edukit-trainer-view";
  const SHOW = "Afficher les notes pour la personne formatrice";
  const HIDE = "Masquer les notes pour la personne formatrice";

  const read = () => {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch {
      return false;
    }
  };
  const write = (on) => {
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch {
      // Private browsing may refuse storage: the view still switches for this page.
    }
  };
  let current = read();
  const apply = (on) => {
    current = on;
    document.documentElement.classList.toggle(CLASS, on);
    for (const button of document.querySelectorAll(".edukit-trainer-toggle")) {
      button.setAttribute("aria-pressed", String(on));
      button.title = on ? HIDE : SHOW;
    }
  };
  const mount = () => {
    const header = document.querySelector(".md-header__inner");
    if (header && !header.querySelector(".edukit-trainer-toggle")) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-header__button edukit-trainer-toggle";
      button.textContent = "Notes d'animation";
      button.addEventListener("click", () => {
        write(!current);
        apply(!current);
      });
      const search = header.querySelector(':scope > [data-md-component="search"]');
      header.insertBefore(button, search);
    }
    apply(current);
  };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
