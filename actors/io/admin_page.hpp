#pragma once

// The admin endpoint's status page (actors/io/admin_page/index.html: HTML, CSS and JavaScript
// in one file, reading GET /status every second), compiled into the binary at build time by
// cmake/embed_text.cmake.

#include <string_view>

namespace switchyard {

/// Returns the status page served at GET /: a complete HTML document needing no other resource.
std::string_view admin_index_html();

} // namespace switchyard
