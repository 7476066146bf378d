// A network's upstream over real loopback links to a scripted issuer: what reaches the
// disk before the acquirer hears an answer, and what an issuer's sign-off does.

#include "actors/iso8583/iso_upstream.hpp"

#include "actors/iso8583/reversal_journal.hpp"
#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/dialect_loader.hpp"
#include "tests/actors/iso8583/fake_issuer.hpp"
#include "tests/actors/iso8583/iso_traffic_test_support.hpp"
#include "tests/actors/iso8583/temp_dir.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

namespace net = boost::asio;
namespace iso = switchyard::iso8583;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using switchyard::iso_exchange;
using switchyard::reversal_journal;
using switchyard::test::fake_issuer;

namespace {

struct no_events final : switchyard::iso_upstream_events {
  void on_health(bool, std::string, bool) override {}
};

// A journal in a directory of its own, removed afterwards.
struct journal_file {
  switchyard::test::temp_dir dir{"upstream"};
  std::string path = dir.file();

  std::string text() const { return dir.text(); }
};

// A network's upstream with one link to `issuer`, its owed advices kept in `journal`.
struct upstream_under_test {
  net::io_context& io;
  std::shared_ptr<switchyard::iso_upstream> upstream;

  upstream_under_test(net::io_context& context, std::uint16_t port, const journal_file& journal,
                      std::uint32_t timeout_ms = 100,
                      std::uint32_t max_unwritten_bytes = std::uint32_t{1} << 20)
      : io(context) {
    switchyard::config::network_settings n;
    n.name = "visa";
    n.hosts.push_back({"127.0.0.1", port, 1});
    n.pool_size = 1;
    n.timeout_ms = timeout_ms;
    n.max_unwritten_bytes = max_unwritten_bytes;
    switchyard::iso_upstream_setup setup;
    setup.network = n;
    setup.dialect = iso::share_dialect("iso87-ascii").value;
    setup.events = std::make_shared<no_events>();
    upstream = switchyard::make_iso_upstream(io, setup);
    auto opened = reversal_journal::open(journal.path, *setup.dialect);
    REQUIRE(opened.journal != nullptr);
    upstream->start(std::move(opened.journal), {});
    run_until([&] { return upstream->numbers().links_up == 1; });
  }

  ~upstream_under_test() {
    upstream->stop();
    io.run_for(50ms);
  }

  void run_until(const std::function<bool()>& done) {
    auto until = std::chrono::steady_clock::now() + 3s;
    while (!done() && std::chrono::steady_clock::now() < until)
      io.run_for(5ms);
    REQUIRE(done());
  }
};

iso::message sale(std::string_view stan) {
  auto m = switchyard::test::request(stan);
  m.set(7, "1206010000");
  return m;
}

// What the acquirer heard, and whether the journal owed the sale's reversal at that moment.
struct answer_seen {
  std::string code;
  bool owed_on_disk = false;
};

std::shared_ptr<iso_exchange> exchange(const iso::message& m, const journal_file& journal,
                                       answer_seen& seen) {
  return std::make_shared<iso_exchange>(m, [&journal, &seen](const iso::message& response, auto) {
    seen.code = response.get(39);
    seen.owed_on_disk = journal.text().find("\nowe ") != std::string::npos;
  });
}

} // namespace

TEST_SUITE("iso_upstream over loopback") {
  TEST_CASE("a timed-out sale's reversal is on disk before the acquirer hears 68") {
    net::io_context io;
    fake_issuer issuer{io}; // answers nothing
    journal_file journal;
    upstream_under_test u{io, issuer.port(), journal};
    answer_seen seen;
    u.upstream->forward({exchange(sale("000001"), journal, seen)});
    u.run_until([&] { return !seen.code.empty(); });
    CHECK(seen.code == "68");
    CHECK(seen.owed_on_disk);
  }

  TEST_CASE("a cut-off sale's reversal is on disk before the acquirer hears 91") {
    net::io_context io;
    fake_issuer issuer{io};
    journal_file journal;
    upstream_under_test u{io, issuer.port(), journal, 5000};
    answer_seen seen;
    u.upstream->forward({exchange(sale("000001"), journal, seen)});
    u.run_until([&] { return issuer.received().size() >= 1; });
    issuer.cut();
    u.run_until([&] { return !seen.code.empty(); });
    CHECK(seen.code == "91");
    CHECK(seen.owed_on_disk);
  }

  TEST_CASE("an issuer's sign-off stops new requests on the link until it signs on again") {
    net::io_context io;
    fake_issuer issuer{io};
    issuer.answer_with("00");
    journal_file journal;
    upstream_under_test u{io, issuer.port(), journal, 5000};
    iso::message sign_off;
    sign_off.set_mti("0800");
    sign_off.set(7, "1206010000");
    sign_off.set(11, "000777");
    sign_off.set(70, "002");
    issuer.send(sign_off);
    u.run_until([&] { return u.upstream->numbers().links_up == 0; });
    // The sign-off itself was answered 0810/00.
    answer_seen refused;
    u.upstream->forward({exchange(sale("000002"), journal, refused)});
    u.run_until([&] { return !refused.code.empty(); });
    CHECK(refused.code == "91");
    auto sign_on = sign_off;
    sign_on.set(70, "001");
    issuer.send(sign_on);
    u.run_until([&] { return u.upstream->numbers().links_up == 1; });
    answer_seen approved;
    u.upstream->forward({exchange(sale("000003"), journal, approved)});
    u.run_until([&] { return !approved.code.empty(); });
    CHECK(approved.code == "00");
  }

  TEST_CASE("an upstream that stops reading gets requests refused at once, not queued forever") {
    net::io_context io;
    fake_issuer issuer{io, true};
    journal_file journal;
    upstream_under_test u{io, issuer.port(), journal, 60000};
    std::size_t refused = 0;
    std::size_t sent = 0;
    // Requests of about 1 KB until the link's unwritten bytes pass its bound (after the
    // kernel's buffers are full).
    for (int batch = 0; batch < 40 && refused == 0; ++batch) {
      std::vector<switchyard::exchange_ptr> exchanges;
      for (int i = 0; i < 500; ++i) {
        auto m = sale(std::to_string(100000 + batch * 500 + i));
        m.set(48, std::string(900, 'x'));
        exchanges.push_back(switchyard::make_exchange<iso_exchange>(
          m, [&refused](const iso::message& response, auto) {
            if (response.get(39) == "91")
              ++refused;
          }));
      }
      sent += exchanges.size();
      u.upstream->forward(std::move(exchanges));
      io.run_for(20ms);
    }
    INFO(sent << " requests sent");
    // Refusals mean the only link was out of rotation; it stays connected. (Whether it is
    // back in rotation by now depends on how far the kernel grew its socket buffers.)
    CHECK(refused > 0);
    CHECK(u.upstream->numbers().links == 1);
  }

  TEST_CASE("past max_unwritten_bytes every request is answered 91 at once and none is lost") {
    net::io_context io;
    fake_issuer issuer{io, true};
    journal_file journal;
    upstream_under_test u{io, issuer.port(), journal, 60000, 65536};
    std::size_t sent = 0;
    std::size_t answered = 0;
    std::size_t refused = 0;
    // A burst of 200 requests of about 1 KB each.
    auto burst = [&] {
      std::vector<switchyard::exchange_ptr> exchanges;
      for (int i = 0; i < 200; ++i) {
        auto m = sale(std::to_string(100000 + sent + i));
        m.set(48, std::string(900, 'x'));
        exchanges.push_back(
          switchyard::make_exchange<iso_exchange>(m, [&](const iso::message& response, auto) {
            ++answered;
            if (response.get(39) == "91")
              ++refused;
          }));
      }
      sent += exchanges.size();
      u.upstream->forward(std::move(exchanges));
    };
    // Until the kernel's buffers are full and the link holds its bound unwritten.
    for (int turn = 0; turn < 100 && refused == 0; ++turn) {
      burst();
      io.run_for(20ms);
    }
    REQUIRE(refused > 0);
    // Over the bound nothing more is queued: a whole burst is refused 91 (not 68 after
    // waiting the 60 s timeout), at once.
    auto answered_before = answered;
    auto refused_before = refused;
    burst();
    u.run_until([&] { return answered - answered_before == 200; });
    CHECK(refused - refused_before == 200);
    // Every request is answered exactly once: those queued on the link when it goes away.
    u.upstream->stop();
    u.run_until([&] { return answered == sent; });
    CHECK(answered == sent);
  }
}
