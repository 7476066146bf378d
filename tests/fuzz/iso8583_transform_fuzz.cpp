// Unpacks arbitrary bytes with iso87-ascii as an acquirer's request and puts it through a fixed
// set of network transformations (every operation, MTI filters, fields changed twice), then
// answers it twice: as the network would (its response steps, then the acquirer's fields given
// back) and as the gateway does itself (make_response, then the fields given back). Checked:
// - each step reports `changed` exactly when it changed the message, and does what it says;
// - the whole transformer does what its steps do one by one;
// - the acquirer's view of every field can be recovered (original_fields::value_of), and a
//   field not recorded was not changed;
// - the transformed request packs to a wire that unpacks to it (no stale wire is sent);
// - `restore` steps give back the acquirer's values, and original_fields::restore() gives back
//   every recorded field the answer carries (removed when the acquirer sent none) and touches
//   nothing else.
#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/original_fields.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/response.hpp"
#include "protocols/iso8583/transformer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace switchyard::iso8583;

namespace {

void check(bool condition) {
  if (!condition)
    std::abort();
}

transform_step set(int field, std::string value, std::string mti = {}) {
  transform_step s;
  s.op = transform_op::set;
  s.field = field;
  s.value = std::move(value);
  s.mti = std::move(mti);
  return s;
}

transform_step copy_or_move(transform_op op, int from, int to, std::string mti = {}) {
  transform_step s;
  s.op = op;
  s.field = from;
  s.to = to;
  s.mti = std::move(mti);
  return s;
}

transform_step fields_step(transform_op op, std::vector<int> fields) {
  transform_step s;
  s.op = op;
  s.fields = std::move(fields);
  return s;
}

transform_step map(int field, std::vector<std::pair<std::string, std::string>> table,
                   map_fallback fallback, std::string value = {}, std::string mti = {}) {
  transform_step s;
  s.op = transform_op::map;
  s.field = field;
  s.table = std::move(table);
  s.fallback = fallback;
  s.value = std::move(value);
  s.mti = std::move(mti);
  return s;
}

// Valid as configuration for iso87-ascii (config/detail/transform_checks.cpp): no field 11, no
// constant into card data, 39 of a response only through a map keeping approvals approvals.
transform_rules fixed_rules() {
  transform_rules r;
  r.request = {
    set(32, "123456"),
    copy_or_move(transform_op::copy, 32, 33), // 32 changed again after its first change
    copy_or_move(transform_op::copy, 37, 48),
    copy_or_move(transform_op::move, 48, 63), // 48 changed by the copy, then removed
    copy_or_move(transform_op::move, 43, 62, "02??"),
    copy_or_move(transform_op::move, 41, 41), // a move onto itself removes the field
    fields_step(transform_op::remove, {55, 60, 128}),
    map(3, {{"200000", "220000"}, {"000000", "001000"}}, map_fallback::keep, {}, "02??"),
    map(22, {{"051", "071"}, {"021", "901"}}, map_fallback::remove),
    map(25, {{"00", "08"}}, map_fallback::value, "59"),
    set(41, "TERM0001", "0?00"),
    map(4, {{"000000001000", "000000001000"}}, map_fallback::keep), // maps a value onto itself
  };
  r.response = {
    map(39, {{"N7", "05"}, {"Q1", "05"}}, map_fallback::keep),
    set(44, "RESP"),
    fields_step(transform_op::remove, {62, 63}),
    fields_step(transform_op::restore, {60, 3, 55, 33}),
    map(48, {}, map_fallback::remove, {}, "0210"),
  };
  return r;
}

const transform_rules& rules() {
  static const transform_rules r = fixed_rules();
  return r;
}

const transformer& whole() {
  static const transformer t{rules()};
  return t;
}

// One transformer per request step, to watch each step on its own.
const std::vector<transformer>& request_steps() {
  static const std::vector<transformer> steps = [] {
    std::vector<transformer> out;
    for (const auto& step : rules().request)
      out.emplace_back(transform_rules{{step}, {}});
    return out;
  }();
  return steps;
}

const std::string* mapped(const transform_step& step, std::string_view value) {
  for (const auto& [from, to] : step.table)
    if (from == value)
      return &to;
  return nullptr;
}

// What `step` leaves in the fields it works on, given the message before it.
void check_step_effect(const transform_step& step, const message& before, const message& after) {
  if (!mti_matches(step.mti, before.mti()))
    return;
  switch (step.op) {
    case transform_op::set:
      check(after.get(step.field) == step.value);
      return;
    case transform_op::copy:
    case transform_op::move:
      if (!before.has(step.field))
        return;
      if (step.op == transform_op::move)
        check(!after.has(step.field));
      else
        check(after.get(step.to) == before.get(step.field));
      if (step.field != step.to)
        check(after.get(step.to) == before.get(step.field));
      return;
    case transform_op::remove:
      for (int f : step.fields)
        check(!after.has(f));
      return;
    case transform_op::map: {
      if (!before.has(step.field))
        return check(!after.has(step.field));
      if (const auto* to = mapped(step, before.get(step.field)))
        return check(after.has(step.field) && after.get(step.field) == *to);
      if (step.fallback == map_fallback::keep)
        check(after.find(step.field) == before.find(step.field));
      else if (step.fallback == map_fallback::remove)
        check(!after.has(step.field));
      else
        check(after.has(step.field) && after.get(step.field) == step.value);
      return;
    }
    case transform_op::restore:
      return;
  }
}

void check_same_originals(const original_fields& a, const original_fields& b) {
  for (int f = 2; f <= message::max_field; ++f) {
    const auto* x = a.find(f);
    const auto* y = b.find(f);
    check((x == nullptr) == (y == nullptr) && (x == nullptr || *x == *y));
  }
}

// Applies the request steps one by one and checks each; returns the outcomes.
std::vector<step_outcome> transform_step_by_step(message& m, original_fields& originals) {
  std::vector<step_outcome> outcomes;
  for (std::size_t i = 0; i < request_steps().size(); ++i) {
    const message before = m;
    request_steps()[i].transform_request(m, originals, &outcomes);
    check(outcomes.size() == i + 1);
    check(m.mti() == before.mti());
    const auto outcome = outcomes.back();
    check((outcome == step_outcome::changed) == !(m == before));
    check((outcome == step_outcome::other_mti) == !mti_matches(rules().request[i].mti, m.mti()));
    check_step_effect(rules().request[i], before, m);
  }
  return outcomes;
}

// The transformed request goes upstream packed; what the network unpacks is that request.
void check_wire(const message& upstream, const dialect& d) {
  std::string wire;
  if (!pack(upstream, d, wire).ok())
    return; // a value the dialect cannot carry: answered 96 by the gateway
  message received;
  check(unpack(as_byte_view(wire), d, received).ok() && received == upstream);
}

// After original_fields::restore(), every recorded field the answer carried holds what the
// acquirer sent (or is gone when it sent none); every other field is as it was.
void check_given_back(const message& acquirer, const original_fields& originals,
                      const message& answer_before, const message& answer_after) {
  check(answer_after.mti() == answer_before.mti());
  for (int f = 2; f <= message::max_field; ++f) {
    if (originals.find(f) == nullptr)
      check(answer_after.find(f) == answer_before.find(f));
    else if (answer_before.has(f))
      check(answer_after.find(f) == acquirer.find(f));
    else
      check(!answer_after.has(f));
  }
}

void answer_as_network(const message& acquirer, const message& upstream,
                       const original_fields& originals, std::uint8_t choice, const dialect& d) {
  const auto mti = response_mti(upstream.mti());
  if (!mti)
    return;
  // The network answers with some of the fields it was sent, chosen by the input's last byte.
  message response = upstream;
  check(!response.set_mti(*mti));
  for (int f = 2; f <= message::max_field; ++f)
    if (response.has(f) && (choice >> (f % 8) & 1) != 0)
      response.remove(f);
  check(!response.set(39, (choice & 1) != 0 ? "N7" : "00"));
  check(!response.set(62, "network data"));
  check_wire(response, d);

  std::vector<step_outcome> outcomes;
  message transformed = response;
  whole().transform_response(transformed, upstream, originals, &outcomes);
  check(outcomes.size() == rules().response.size());
  check(transformed.mti() == response.mti());
  check(transformed.get(39) == (response.get(39) == "N7" ? "05" : response.get(39)));
  check(!transformed.has(62) && !transformed.has(63));
  for (int f : rules().response[3].fields)
    check(transformed.find(f) == acquirer.find(f));

  message given_back = transformed;
  originals.restore(given_back);
  check_given_back(acquirer, originals, transformed, given_back);
  check_wire(given_back, d);
}

void answer_as_gateway(const message& acquirer, const message& upstream,
                       const original_fields& originals) {
  message answer;
  if (make_response(upstream, answer))
    return;
  check(!answer.set(39, "96"));
  message given_back = answer;
  originals.restore(given_back);
  check_given_back(acquirer, originals, answer, given_back);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const dialect& d = iso87_ascii();
  message acquirer;
  if (!unpack({data, size}, d, acquirer).ok())
    return 0;

  message upstream = acquirer;
  original_fields originals;
  const auto outcomes = transform_step_by_step(upstream, originals);

  // The transformer as the gateway holds it does what its steps do one by one.
  message whole_upstream = acquirer;
  original_fields whole_originals;
  std::vector<step_outcome> whole_outcomes;
  whole().transform_request(whole_upstream, whole_originals, &whole_outcomes);
  check(whole_outcomes == outcomes && whole_upstream == upstream);
  check_same_originals(whole_originals, originals);

  // The acquirer's view survives: recorded where changed, untouched elsewhere.
  for (int f = 2; f <= message::max_field; ++f) {
    check(originals.value_of(f, upstream) == acquirer.find(f));
    if (originals.find(f) == nullptr)
      check(upstream.find(f) == acquirer.find(f));
  }
  check_wire(upstream, d);

  answer_as_network(acquirer, upstream, originals, data[size - 1], d);
  answer_as_gateway(acquirer, upstream, originals);
  return 0;
}
