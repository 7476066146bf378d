#include "actors/protocols.hpp"

#include "actors/iso8583/iso_protocol.hpp"
#include "actors/jsonrpc/rpc_protocol.hpp"

namespace switchyard {

const protocol_factory& protocol_factory_for(config::protocol_kind protocol) {
  switch (protocol) {
    case config::protocol_kind::iso8583:
      return iso8583_protocol();
    case config::protocol_kind::jsonrpc:
      return jsonrpc_protocol();
  }
  return iso8583_protocol();
}

} // namespace switchyard
