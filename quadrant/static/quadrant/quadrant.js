// Quadrant's progressive enhancement: starts the NHS.UK frontend components.
// No inline script anywhere (the Content Security Policy forbids it).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Progress bars of background jobs refresh themselves through HTMX (see core/job_detail.html).
document.addEventListener("htmx:afterSwap", () => initAll());
