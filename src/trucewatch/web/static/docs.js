// Starts the API documentation pages (/docs: Swagger UI, /redoc: ReDoc) from the libraries the
// app serves itself. A script file, not inline: the Content-Security-Policy allows no inline script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var swagger = document.getElementById("swagger-ui");
  if (swagger && window.SwaggerUIBundle) {
    window.ui = window.SwaggerUIBundle({
      url: swagger.dataset.openapi,
      domNode: swagger,
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      validatorUrl: null // the default sends the schema to validator.swagger.io
    });
  }
  var redoc = document.getElementById("redoc");
  if (redoc && window.Redoc) {
    // No search box: its index runs in a worker made from a blob: URL, which the policy refuses.
    window.Redoc.init(redoc.dataset.openapi, { disableSearch: true }, redoc);
  }
});
