#include "workspace/agency_address.h"

#include <QCoreApplication>
#include <QUrl>

namespace facecase::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("AgencyAddress", text);
}
}  // namespace

AgencyAddressFields AgencyAddressFields::of(const PostgresAddress& address) {
    return {address.host, address.port, address.database, address.user};
}

Result<WorkspaceLocation> agencyLocation(const AgencyAddressFields& fields) {
    PostgresAddress address;
    address.host = fields.server.trimmed();
    address.port = fields.port;
    address.database = fields.database.trimmed();
    address.user = fields.login.trimmed();
    if (address.host.isEmpty()) return Error::invalidInput(tr("Name the database server."));
    if (address.database.isEmpty()) return Error::invalidInput(tr("Name the database."));
    // The login is who the database records as acting: never left to libpq's default (the
    // operating-system user), which the analyst would not see.
    if (address.user.isEmpty()) return Error::invalidInput(tr("Give your database login."));
    // PostgresAddress::url() goes through QUrl, which silently drops a host it cannot hold
    // ("my server", "db:5433"), and the URL would then say "no server is named": say what is
    // wrong with the server field instead, in core's words for a bad host.
    QUrl hostOnly;
    hostOnly.setHost(address.host, QUrl::DecodedMode);
    if (!hostOnly.isValid() || hostOnly.host().isEmpty())
        return Error::invalidInput(
            tr("\"%1\" is not a host name or IP address").arg(address.host));
    return WorkspaceLocation::parse(address.url());
}

}  // namespace facecase::ui
