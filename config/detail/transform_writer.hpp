#pragma once

#include "config/detail/toml_writer.hpp"
#include "protocols/iso8583/transform_rules.hpp"

namespace switchyard::config::detail {

/// Adds one `[[networks.transform.request]]` or `[[networks.transform.response]]` entry per
/// step of `rules` to `doc`, in order, as parse_transform reads them back.
void write_transform(toml_document& doc, const iso8583::transform_rules& rules);

} // namespace switchyard::config::detail
