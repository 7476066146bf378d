#include "protocols/iso8583/transformer.hpp"

#include <algorithm>

namespace switchyard::iso8583 {

namespace {

using table = std::vector<std::pair<std::string, std::string>>;

table sorted(table t) {
  std::sort(t.begin(), t.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return t;
}

const std::string* lookup(const table& t, std::string_view key) {
  auto at = std::lower_bound(t.begin(), t.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  return at != t.end() && at->first == key ? &at->second : nullptr;
}

// Every change goes through these two, so the sender's value is recorded before it is lost.
void record(original_fields* originals, const message& m, int field) {
  if (originals != nullptr)
    originals->keep(field, m.find(field));
}

step_outcome put(message& m, int field, std::string_view value, original_fields* originals) {
  if (m.has(field) && m.get(field) == value)
    return step_outcome::unchanged;
  record(originals, m, field);
  m.set(field, value);
  return step_outcome::changed;
}

step_outcome take_out(message& m, int field, original_fields* originals) {
  if (!m.has(field))
    return step_outcome::absent;
  record(originals, m, field);
  m.remove(field);
  return step_outcome::changed;
}

} // namespace

const char* to_string(step_outcome outcome) noexcept {
  switch (outcome) {
    case step_outcome::changed:
      return "changed";
    case step_outcome::unchanged:
      return "unchanged";
    case step_outcome::absent:
      return "field absent";
    case step_outcome::other_mti:
      return "not for this MTI";
  }
  return "unchanged";
}

transformer::transformer(transform_rules rules) : rules_(std::move(rules)) {
  for (const auto* steps : {&rules_.request, &rules_.response})
    for (const auto& step : *steps)
      sorted_tables_.push_back(step.op == transform_op::map ? sorted(step.table) : table{});
}

void transformer::transform_request(message& m, original_fields& originals,
                                    std::vector<step_outcome>* outcomes) const {
  for (std::size_t i = 0; i < rules_.request.size(); ++i) {
    auto outcome = apply(rules_.request[i], i, m, &originals);
    if (outcomes != nullptr)
      outcomes->push_back(outcome);
  }
}

void transformer::transform_response(message& response, const message& request,
                                     const original_fields& originals,
                                     std::vector<step_outcome>* outcomes) const {
  const auto first = rules_.request.size();
  for (std::size_t i = 0; i < rules_.response.size(); ++i) {
    const auto& step = rules_.response[i];
    auto outcome = step.op == transform_op::restore && mti_matches(step.mti, response.mti())
                     ? restore(step, response, request, originals)
                     : apply(step, first + i, response, nullptr);
    if (outcomes != nullptr)
      outcomes->push_back(outcome);
  }
}

step_outcome transformer::apply(const transform_step& step, std::size_t index, message& m,
                                original_fields* originals) const {
  if (!mti_matches(step.mti, m.mti()))
    return step_outcome::other_mti;
  switch (step.op) {
    case transform_op::set:
      return put(m, step.field, step.value, originals);
    case transform_op::copy:
    case transform_op::move: {
      if (!m.has(step.field))
        return step_outcome::absent;
      // Copied first: put() may move the message's buffer under a view of it.
      std::string value{m.get(step.field)};
      auto outcome = put(m, step.to, value, originals);
      if (step.op == transform_op::move
          && take_out(m, step.field, originals) != step_outcome::absent)
        outcome = step_outcome::changed;
      return outcome;
    }
    case transform_op::remove: {
      auto outcome = step_outcome::absent;
      for (int f : step.fields)
        if (take_out(m, f, originals) == step_outcome::changed)
          outcome = step_outcome::changed;
      return outcome;
    }
    case transform_op::map:
      return apply_map(step, index, m, originals);
    case transform_op::restore:
      break; // responses only, see transform_response
  }
  return step_outcome::unchanged;
}

step_outcome transformer::apply_map(const transform_step& step, std::size_t index, message& m,
                                    original_fields* originals) const {
  if (!m.has(step.field))
    return step_outcome::absent;
  if (const auto* to = lookup(sorted_tables_[index], m.get(step.field)))
    return put(m, step.field, *to, originals);
  switch (step.fallback) {
    case map_fallback::keep:
      return step_outcome::unchanged;
    case map_fallback::remove:
      return take_out(m, step.field, originals);
    case map_fallback::value:
      return put(m, step.field, step.value, originals);
  }
  return step_outcome::unchanged;
}

step_outcome transformer::restore(const transform_step& step, message& response,
                                  const message& request, const original_fields& originals) {
  auto outcome = step_outcome::unchanged;
  for (int f : step.fields) {
    auto sent = originals.value_of(f, request);
    auto done = sent ? put(response, f, *sent, nullptr) : take_out(response, f, nullptr);
    if (done == step_outcome::changed)
      outcome = step_outcome::changed;
  }
  return outcome;
}

} // namespace switchyard::iso8583
