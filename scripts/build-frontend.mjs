// Builds the front end into quadrant/static/vendor, where Django's static files pick it up:
// compiles the NHS.UK frontend's Sass with Quadrant's settings (frontend/nhsuk.scss) and copies
// the compiled packages (installed from the npm registry with the committed package-lock.json).
import { cpSync, mkdirSync, rmSync, existsSync, writeFileSync } from "node:fs";
import * as sass from "sass";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "quadrant", "static", "vendor");

const copies = [
  ["nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js", "nhsuk/nhsuk-frontend.min.js"],
  // The source maps the files above name: collectstatic's manifest storage needs them.
  ["nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js.map", "nhsuk/nhsuk-frontend.min.js.map"],
  ["swagger-ui-dist/swagger-ui.css.map", "swagger-ui/swagger-ui.css.map"],
  ["swagger-ui-dist/swagger-ui-bundle.js.map", "swagger-ui/swagger-ui-bundle.js.map"],
  [
    "swagger-ui-dist/swagger-ui-standalone-preset.js.map",
    "swagger-ui/swagger-ui-standalone-preset.js.map",
  ],
  ["nhsuk-frontend/dist/nhsuk/assets/images", "nhsuk/images"],
  ["nhsuk-frontend/package.json", "nhsuk/package.json"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["htmx.org/LICENSE", "htmx/LICENSE"],
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui-standalone-preset.js", "swagger-ui/swagger-ui-standalone-preset.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"],
  ["swagger-ui-dist/favicon-32x32.png", "swagger-ui/favicon-32x32.png"],
  ["swagger-ui-dist/LICENSE", "swagger-ui/LICENSE"],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of copies) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    console.error(`build-frontend: ${from} is missing; run npm ci first`);
    process.exit(1);
  }
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  cpSync(source, join(vendor, to), { recursive: true });
}

const compiled = sass.compile(join(root, "frontend", "nhsuk.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(vendor, "nhsuk", "nhsuk-frontend.min.css"), compiled.css);
console.log(
  `build-frontend: NHS.UK frontend CSS compiled; ${copies.length} assets copied to quadrant/static/vendor`,
);
