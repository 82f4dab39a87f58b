#pragma once

#include <QString>

#include "store/postgres_address.h"
#include "store/workspace_location.h"
#include "types/result.h"

namespace facecase::ui {

// What the Connect to Agency Database dialog's fields say: server, port, database and login,
// without the password (that never leaves the dialog except into WorkspaceSession::open).
struct AgencyAddressFields {
    QString server;
    int port = PostgresAddress::kDefaultPort;
    QString database;
    QString login;

    // The fields of `address` (a URL the analyst gave or last connected to).
    static AgencyAddressFields of(const PostgresAddress& address);
};

// The workspace location the fields name, built the one way core builds it: PostgresAddress
// makes the URL (percent-encoding what needs it) and WorkspaceLocation::parse checks it, so the
// dialog accepts exactly what `--workspace` accepts and shows core's refusal when it does not.
// An empty field is refused with a short request for it ("Name the server.") instead, since
// that is not a mistake, only not done yet. Fields are trimmed.
Result<WorkspaceLocation> agencyLocation(const AgencyAddressFields& fields);

}  // namespace facecase::ui
