// Starts Swagger UI on the server's own OpenAPI document. A file rather than an inline script so
// the page's Content-Security-Policy can forbid inline scripts.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
  });
});
