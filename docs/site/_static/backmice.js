// The course website. pydata-sphinx-theme's left sidebar (the site title, search and the lesson
// list) is a plain <div>, so its content sits outside every landmark (axe: "region"). Name it as
// the complementary region it is; its lesson list is already a <nav>.
document.addEventListener("DOMContentLoaded", () => {
  const sidebar = document.querySelector(".bd-sidebar-primary");
  if (sidebar && !sidebar.getAttribute("role")) {
    sidebar.setAttribute("role", "complementary");
    sidebar.setAttribute("aria-label", "Course navigation");
  }
});
