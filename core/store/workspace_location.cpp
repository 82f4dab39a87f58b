#include "store/workspace_location.h"

#include <QRegularExpression>

namespace facecase {

namespace {
// RFC 3986's scheme, then ':'. One letter is a Windows drive ("C:\cases"), never a scheme.
const QRegularExpression& schemePrefix() {
    static const QRegularExpression prefix(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]+):"));
    return prefix;
}

bool isPostgresScheme(const QString& scheme) {
    const QString lower = scheme.toLower();
    return lower == QStringLiteral("postgresql") || lower == QStringLiteral("postgres");
}
}  // namespace

bool WorkspaceLocation::looksLikeUrl(const QString& text) {
    const QString trimmed = text.trimmed();
    const auto match = schemePrefix().match(trimmed);
    if (!match.hasMatch()) return false;
    return trimmed.mid(match.capturedLength()).startsWith(QStringLiteral("//")) ||
           isPostgresScheme(match.captured(1));
}

Result<WorkspaceLocation> WorkspaceLocation::parse(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) return Error::invalidInput(QStringLiteral("no workspace folder given"));

    WorkspaceLocation location;
    if (!looksLikeUrl(trimmed)) {
        location.m_folder = text;  // as given: Workspace::open makes it absolute
        return location;
    }
    const QString scheme = schemePrefix().match(trimmed).captured(1);
    const QString afterScheme = trimmed.mid(scheme.size() + 1);
    if (!afterScheme.startsWith(QStringLiteral("//"))) {
        // "postgresql:host/db" or what QDir::cleanPath made of "postgresql://host/db". Shown
        // only up to the scheme: the rest may hold a password.
        return Error::invalidInput(
            QStringLiteral("%1:…: a PostgreSQL workspace is written "
                           "postgresql://[USER@]HOST[:PORT]/DB; for a folder of this name, "
                           "start it with ./")
                .arg(scheme));
    }
    if (!isPostgresScheme(scheme)) {
        return Error::invalidInput(
            QStringLiteral("%1://…: not a kind of workspace FaceCase knows; give a folder or "
                           "postgresql://[USER@]HOST[:PORT]/DB (for a folder whose name starts "
                           "like this, start it with ./)")
                .arg(scheme));
    }
    auto address = PostgresAddress::fromUrl(trimmed);
    if (!address) return address.error();
    location.m_backend = SqlBackend::PostgreSql;
    location.m_postgres = std::move(address).value();
    return location;
}

QString WorkspaceLocation::displayName() const {
    return isPostgres() ? m_postgres.url() : m_folder;
}

WorkspaceLocation WorkspaceLocation::withPassword(const QString& password) const {
    WorkspaceLocation location = *this;
    if (location.isPostgres()) location.m_postgres.password = password;
    return location;
}

}  // namespace facecase
