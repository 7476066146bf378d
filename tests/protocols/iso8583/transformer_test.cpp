#include "protocols/iso8583/transformer.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <doctest/doctest.h>

#include <string>

namespace iso = switchyard::iso8583;
using iso::step_outcome;
using iso::transform_op;
using iso::transform_step;

namespace {

iso::message request() {
  iso::message m;
  m.set_mti("0200");
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(11, "000123");
  m.set(32, "654321");
  m.set(37, "RRN000000001");
  m.set(41, "TERM0001");
  m.set(60, "BATCH7");
  return m;
}

transform_step set(int field, std::string value, std::string mti = {}) {
  transform_step s;
  s.op = transform_op::set;
  s.field = field;
  s.value = std::move(value);
  s.mti = std::move(mti);
  return s;
}

transform_step copy(transform_op op, int from, int to) {
  transform_step s;
  s.op = op;
  s.field = from;
  s.to = to;
  return s;
}

transform_step fields(transform_op op, std::vector<int> list) {
  transform_step s;
  s.op = op;
  s.fields = std::move(list);
  return s;
}

transform_step map(int field, std::vector<std::pair<std::string, std::string>> table,
                   iso::map_fallback fallback = iso::map_fallback::keep, std::string value = {}) {
  transform_step s;
  s.op = transform_op::map;
  s.field = field;
  s.table = std::move(table);
  s.fallback = fallback;
  s.value = std::move(value);
  return s;
}

iso::transformer requests(std::vector<transform_step> steps) {
  return iso::transformer{iso::transform_rules{std::move(steps), {}}};
}

// The response the issuer makes from `upstream`: its echo fields and field 39.
iso::message answer_to(const iso::message& upstream) {
  iso::message r;
  r.set_mti("0210");
  for (int f : {2, 3, 4, 11, 32, 37, 41})
    if (upstream.has(f))
      r.set(f, upstream.get(f));
  r.set(39, "00");
  return r;
}

} // namespace

TEST_SUITE("iso8583 transformer") {
  TEST_CASE("set gives a field a constant, recording what the sender had") {
    auto m = request();
    iso::original_fields originals;
    std::vector<step_outcome> outcomes;
    requests({set(32, "123456"), set(33, "999")}).transform_request(m, originals, &outcomes);
    CHECK(m.get(32) == "123456");
    CHECK(m.get(33) == "999");
    CHECK(outcomes == std::vector{step_outcome::changed, step_outcome::changed});
    REQUIRE(originals.find(32) != nullptr);
    CHECK(*originals.find(32) == std::optional<std::string>{"654321"});
    REQUIRE(originals.find(33) != nullptr);
    CHECK_FALSE(originals.find(33)->has_value());
  }

  TEST_CASE("set to the value already there changes nothing, so the wire form can pass") {
    std::string wire;
    REQUIRE(iso::pack(request(), iso::iso87_ascii(), wire).ok());
    iso::message m;
    REQUIRE(iso::unpack(iso::as_byte_view(wire), iso::iso87_ascii(), m).ok());
    iso::original_fields originals;
    std::vector<step_outcome> outcomes;
    requests({set(32, "654321")}).transform_request(m, originals, &outcomes);
    CHECK(outcomes == std::vector{step_outcome::unchanged});
    CHECK(originals.empty());
    CHECK(m.wire_for(&iso::iso87_ascii()).has_value());
  }

  TEST_CASE("copy keeps the source and move removes it and an absent source does nothing") {
    auto m = request();
    iso::original_fields originals;
    std::vector<step_outcome> outcomes;
    requests({copy(transform_op::copy, 37, 48), copy(transform_op::move, 60, 62),
              copy(transform_op::copy, 45, 47)})
      .transform_request(m, originals, &outcomes);
    CHECK(m.get(37) == "RRN000000001");
    CHECK(m.get(48) == "RRN000000001");
    CHECK_FALSE(m.has(60));
    CHECK(m.get(62) == "BATCH7");
    CHECK_FALSE(m.has(47));
    CHECK(outcomes
          == std::vector{step_outcome::changed, step_outcome::changed, step_outcome::absent});
    CHECK(*originals.find(60) == std::optional<std::string>{"BATCH7"});
    CHECK_FALSE(originals.find(48)->has_value());
    CHECK(originals.find(37) == nullptr);
  }

  TEST_CASE("remove takes out the fields present") {
    auto m = request();
    iso::original_fields originals;
    std::vector<step_outcome> outcomes;
    requests({fields(transform_op::remove, {55, 60}), fields(transform_op::remove, {55})})
      .transform_request(m, originals, &outcomes);
    CHECK_FALSE(m.has(60));
    CHECK(outcomes == std::vector{step_outcome::changed, step_outcome::absent});
    CHECK(*originals.find(60) == std::optional<std::string>{"BATCH7"});
    CHECK(originals.find(55) == nullptr);
  }

  TEST_CASE("map looks a value up and a miss keeps it, removes the field or sets the default") {
    auto table = std::vector<std::pair<std::string, std::string>>{{"200000", "220000"},
                                                                  {"000000", "001000"}};
    auto hit = request();
    iso::original_fields originals;
    requests({map(3, table)}).transform_request(hit, originals);
    CHECK(hit.get(3) == "001000");
    CHECK(*originals.find(3) == std::optional<std::string>{"000000"});

    auto miss = request();
    miss.set(3, "310000");
    iso::original_fields none;
    std::vector<step_outcome> outcomes;
    requests({map(3, table)}).transform_request(miss, none, &outcomes);
    CHECK(miss.get(3) == "310000");
    CHECK(outcomes == std::vector{step_outcome::unchanged});

    auto removed = miss;
    requests({map(3, table, iso::map_fallback::remove)}).transform_request(removed, none);
    CHECK_FALSE(removed.has(3));

    auto defaulted = miss;
    iso::original_fields kept;
    requests({map(3, table, iso::map_fallback::value, "009000")})
      .transform_request(defaulted, kept);
    CHECK(defaulted.get(3) == "009000");
    CHECK(*kept.find(3) == std::optional<std::string>{"310000"});
  }

  TEST_CASE("a step for other MTIs leaves the message alone") {
    auto m = request();
    iso::original_fields originals;
    std::vector<step_outcome> outcomes;
    requests({set(32, "123456", "01??"), set(33, "1", "02?0")})
      .transform_request(m, originals, &outcomes);
    CHECK(m.get(32) == "654321");
    CHECK(m.get(33) == "1");
    CHECK(outcomes == std::vector{step_outcome::other_mti, step_outcome::changed});
  }

  TEST_CASE("steps run in order, each on what the one before left") {
    auto m = request();
    iso::original_fields originals;
    requests({set(32, "111"), copy(transform_op::move, 32, 33), set(32, "222")})
      .transform_request(m, originals);
    CHECK(m.get(33) == "111");
    CHECK(m.get(32) == "222");
    // The first change of a field is what the sender had, and what its answer gets back.
    CHECK(*originals.find(32) == std::optional<std::string>{"654321"});
    auto response = answer_to(m);
    originals.restore(response);
    CHECK(response.get(32) == "654321");
  }

  TEST_CASE("restoring gives the acquirer back its values and drops fields it never sent") {
    auto m = request();
    iso::original_fields originals;
    requests({set(32, "123456"), map(3, {{"000000", "001000"}}), copy(transform_op::copy, 37, 48),
              fields(transform_op::remove, {60})})
      .transform_request(m, originals);
    auto response = answer_to(m);
    response.set(48, "ISSUER DATA");
    REQUIRE(response.get(32) == "123456");
    originals.restore(response);
    CHECK(response.get(32) == "654321");
    CHECK(response.get(3) == "000000");
    CHECK_FALSE(response.has(48)); // the gateway put 48 in, the acquirer sent none
    CHECK_FALSE(response.has(60)); // removed, and not echoed by the network
    CHECK(response.get(37) == "RRN000000001");
    CHECK(response.get(39) == "00");
  }

  TEST_CASE("response steps run on the network's answer and restore puts back what was sent") {
    iso::transform_rules rules;
    rules.request = {fields(transform_op::remove, {60}), set(32, "123456")};
    rules.response = {map(39, {{"N7", "05"}}), fields(transform_op::restore, {60, 61, 32}),
                      copy(transform_op::move, 44, 63)};
    iso::transformer t{rules};
    auto m = request();
    iso::original_fields originals;
    t.transform_request(m, originals);
    auto response = answer_to(m);
    response.set(39, "N7");
    response.set(44, "AVS");
    response.set(61, "NOT ASKED");
    std::vector<step_outcome> outcomes;
    t.transform_response(response, m, originals, &outcomes);
    CHECK(response.get(39) == "05");
    CHECK(response.get(60) == "BATCH7"); // removed upstream, put back
    CHECK_FALSE(response.has(61));       // the acquirer sent no 61
    CHECK(response.get(32) == "654321"); // restored explicitly
    CHECK(response.get(63) == "AVS");
    CHECK_FALSE(response.has(44));
    CHECK(outcomes.size() == 3);
  }
}
