// Log lines as logfmt, JSON and the older text: keys in order, values quoted and escaped so
// that a parser gets back exactly what was logged, empty fields left out.

#include "actors/io/log_format.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace switchyard;

namespace {

std::string line(log_format format, std::string_view msg, const log_fields* fields = nullptr,
                 log_level level = log_level::warn, std::string_view component = "visa-in") {
  std::string out;
  append_log_line(out, format, {"2026-12-06T14:00:00.123Z", level, component, fields, msg});
  return out;
}

log_fields iso_fields() {
  log_fields f;
  f.network = "visa";
  f.stan = "000123";
  f.rrn = "634012345678";
  return f;
}

} // namespace

TEST_SUITE("log format") {
  TEST_CASE("logfmt writes the keys in a fixed order and leaves empty fields out") {
    auto f = iso_fields();
    CHECK(line(log_format::logfmt, "timed out", &f)
          == "ts=2026-12-06T14:00:00.123Z level=warn component=visa-in network=visa "
             "stan=000123 rrn=634012345678 msg=\"timed out\"\n");
    log_fields all = f;
    all.rpc_id = "7";
    all.peer = "127.0.0.1:4000";
    all.reason = "format error";
    all.suppressed = 42;
    CHECK(line(log_format::logfmt, "x", &all)
          == "ts=2026-12-06T14:00:00.123Z level=warn component=visa-in network=visa "
             "stan=000123 rrn=634012345678 rpc_id=7 peer=127.0.0.1:4000 "
             "reason=\"format error\" suppressed=42 msg=x\n");
    CHECK(line(log_format::logfmt, "started", nullptr, log_level::info, "node")
          == "ts=2026-12-06T14:00:00.123Z level=info component=node msg=started\n");
    log_fields none;
    CHECK(line(log_format::logfmt, "started", &none, log_level::info, "node")
          == "ts=2026-12-06T14:00:00.123Z level=info component=node msg=started\n");
  }

  TEST_CASE("logfmt quotes values with spaces, quotes, equals signs, backslashes or newlines") {
    CHECK(line(log_format::logfmt, "a b").ends_with(" msg=\"a b\"\n"));
    CHECK(line(log_format::logfmt, "say \"hi\"")
            .ends_with(R"( msg="say \"hi\"")"
                       "\n"));
    CHECK(line(log_format::logfmt, "k=v").ends_with(" msg=\"k=v\"\n"));
    CHECK(line(log_format::logfmt, "C:\\dir")
            .ends_with(R"( msg="C:\\dir")"
                       "\n"));
    CHECK(line(log_format::logfmt, "one\ntwo\r\tthree")
            .ends_with(R"( msg="one\ntwo\r\tthree")"
                       "\n"));
    CHECK(line(log_format::logfmt, "").ends_with(" msg=\"\"\n"));
    CHECK(line(log_format::logfmt, std::string{"nul\0bell\x07", 9})
            .ends_with(R"( msg="nul\x00bell\x07")"
                       "\n"));
    // UTF-8 passes; a byte that is not UTF-8 becomes an escape, so the line stays text.
    CHECK(line(log_format::logfmt, "caf\xc3\xa9 \xff").ends_with(" msg=\"caf\xc3\xa9 \\xff\"\n"));
    // A line is one line whatever the text holds.
    auto l = line(log_format::logfmt, "a\nb\nc");
    CHECK(l.find('\n') == l.size() - 1);
  }

  TEST_CASE("JSON lines parse back to the values logged, in the same key order") {
    auto f = iso_fields();
    f.rpc_id = "\"abc\"";
    f.suppressed = 3;
    std::string msg = "quote \" backslash \\ newline \n tab \t nul " + std::string(1, '\0')
                      + " caf\xc3\xa9 bad \xc3";
    auto l = line(log_format::json, msg, &f);
    CHECK(l.starts_with("{\"ts\":\"2026-12-06T14:00:00.123Z\",\"level\":\"warn\","
                        "\"component\":\"visa-in\",\"network\":\"visa\",\"stan\":\"000123\","
                        "\"rrn\":\"634012345678\",\"rpc_id\":\"\\\"abc\\\"\",\"suppressed\":3,"
                        "\"msg\":"));
    CHECK(l.ends_with("}\n"));
    CHECK(l.find('\n') == l.size() - 1);
    boost::system::error_code ec;
    auto v = boost::json::parse(l, ec);
    REQUIRE_MESSAGE(!ec, l);
    const auto& o = v.as_object();
    CHECK(o.at("stan").as_string() == "000123");
    CHECK(o.at("rpc_id").as_string() == "\"abc\"");
    CHECK(o.at("suppressed").as_int64() == 3);
    CHECK(o.find("peer") == o.end());
    // Everything but the stray byte comes back as it was; that one reads as U+00C3.
    CHECK(std::string{o.at("msg").as_string()} == msg.substr(0, msg.size() - 1) + "\xc3\x83");
  }

  TEST_CASE("text keeps the older human layout and puts fields after a bar") {
    CHECK(line(log_format::text, "listening on 127.0.0.1:1", nullptr, log_level::info, "in")
          == "2026-12-06T14:00:00.123Z info  in: listening on 127.0.0.1:1\n");
    auto f = iso_fields();
    CHECK(line(log_format::text, "timed out", &f)
          == "2026-12-06T14:00:00.123Z warn  visa-in: timed out | network=visa stan=000123 "
             "rrn=634012345678\n");
  }

  TEST_CASE("format names parse, unknown ones fall back to logfmt") {
    CHECK(parse_log_format("json") == log_format::json);
    CHECK(parse_log_format("text") == log_format::text);
    CHECK(parse_log_format("logfmt") == log_format::logfmt);
    CHECK(parse_log_format("xml") == log_format::logfmt);
  }
}
