#include "store/postgres_address.h"

#include <QRegularExpression>
#include <QUrl>
#include <optional>

namespace facecase {

namespace {
const auto kForm = QStringLiteral("postgresql://[USER@]HOST[:PORT]/DB");

// A URL cut where RFC 3986 cuts it: scheme "://" [userinfo "@"] host [":" port] path
// ["?" query | "#" fragment]. Only the pieces are kept; nothing is decoded yet.
struct UrlPieces {
    QString scheme;
    bool hasUserInfo = false;
    QString userInfo;
    QString hostPort;
    QString path;
    QString extra;  // "?…" or "#…"

    // The URL for messages: a password and options are never repeated.
    QString shown() const {
        QString text = scheme + QStringLiteral("://");
        if (hasUserInfo) {
            const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
            text += (colon < 0 ? userInfo : userInfo.left(colon) + QStringLiteral(":…")) +
                    QLatin1Char('@');
        }
        text += hostPort + path;
        if (!extra.isEmpty()) text += extra.left(1) + QStringLiteral("…");
        return text;
    }
};

UrlPieces cut(const QString& url) {
    UrlPieces pieces;
    const qsizetype schemeEnd = url.indexOf(QStringLiteral("://"));
    pieces.scheme = url.left(schemeEnd);
    const QString rest = url.mid(schemeEnd + 3);
    static const QRegularExpression authorityEnd(QStringLiteral("[/?#]"));
    const qsizetype end = rest.indexOf(authorityEnd);
    const QString authority = end < 0 ? rest : rest.left(end);
    const QString tail = end < 0 ? QString() : rest.mid(end);
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    pieces.hasUserInfo = at >= 0;
    pieces.userInfo = at >= 0 ? authority.left(at) : QString();
    pieces.hostPort = authority.mid(at + 1);
    static const QRegularExpression pathEnd(QStringLiteral("[?#]"));
    const qsizetype extraAt = tail.indexOf(pathEnd);
    pieces.path = extraAt < 0 ? tail : tail.left(extraAt);
    pieces.extra = extraAt < 0 ? QString() : tail.mid(extraAt);
    return pieces;
}

Error refused(const QString& shown, const QString& what) {
    return Error::invalidInput(QStringLiteral("%1: %2").arg(shown, what));
}

bool isHostName(const QString& host) {
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9._-]+$"));
    return name.match(host).hasMatch();
}

bool isIpv6Address(const QString& host) {
    static const QRegularExpression address(QStringLiteral("^[0-9A-Fa-f:.]+$"));
    return host.contains(QLatin1Char(':')) && address.match(host).hasMatch();
}

// Fills host and port from "host", "host:port", "[v6]" or "[v6]:port".
Result<void> readHostPort(const UrlPieces& pieces, PostgresAddress& address) {
    const QString& text = pieces.hostPort;
    std::optional<QString> portText;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return refused(pieces.shown(),
                           QStringLiteral("the '[' before the host is never closed"));
        address.host = text.mid(1, close - 1);
        const QString after = text.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(QLatin1Char(':'))) {
            return refused(pieces.shown(),
                           QStringLiteral("unexpected \"%1\" after the host").arg(after));
        }
        if (!after.isEmpty()) portText = after.mid(1);
        if (!isIpv6Address(address.host)) {
            return refused(pieces.shown(),
                           QStringLiteral("\"%1\" is not an IPv6 address").arg(address.host));
        }
    } else {
        if (text.count(QLatin1Char(':')) > 1) {
            return refused(pieces.shown(), QStringLiteral("an IPv6 address goes in brackets, as in "
                                                          "postgresql://[::1]:5432/facecase"));
        }
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        address.host = colon < 0 ? text : text.left(colon);
        if (colon >= 0) portText = text.mid(colon + 1);
        if (address.host.isEmpty()) {
            return refused(pieces.shown(),
                           QStringLiteral("no server is named; write %1").arg(kForm));
        }
        if (address.host.contains(QLatin1Char(','))) {
            return refused(pieces.shown(),
                           QStringLiteral("several servers are not supported; name one host"));
        }
        if (!isHostName(address.host)) {
            return refused(
                pieces.shown(),
                QStringLiteral("\"%1\" is not a host name or IP address").arg(address.host));
        }
    }
    if (portText) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,5}$"));
        const int port = digits.match(*portText).hasMatch() ? portText->toInt() : 0;
        if (port < 1 || port > 65535) {
            return refused(
                pieces.shown(),
                QStringLiteral("\"%1\" is not a port number (1 to 65535)").arg(*portText));
        }
        address.port = port;
    }
    return {};
}
}  // namespace

Result<PostgresAddress> PostgresAddress::fromUrl(const QString& url) {
    const qsizetype schemeEnd = url.indexOf(QStringLiteral("://"));
    const QString scheme = schemeEnd < 0 ? QString() : url.left(schemeEnd).toLower();
    if (scheme != QStringLiteral("postgresql") && scheme != QStringLiteral("postgres")) {
        return refused(schemeEnd < 0 ? url : cut(url).shown(),
                       QStringLiteral("not a PostgreSQL URL; write %1").arg(kForm));
    }
    const UrlPieces pieces = cut(url);
    // The password first: whatever else is wrong, the answer must say where it belongs.
    // "user:pa/ss@host" cuts the authority at the '/': the '@' further on still gives it away.
    if (pieces.userInfo.contains(QLatin1Char(':')) ||
        (!pieces.hasUserInfo && pieces.hostPort.contains(QLatin1Char(':')) &&
         QString(pieces.path + pieces.extra).contains(QLatin1Char('@')))) {
        return refused(
            pieces.hasUserInfo ? pieces.shown() : pieces.scheme + QStringLiteral("://…"),
            QStringLiteral("a password does not belong in the workspace URL (it would show in the "
                           "process list and the shell history); write %1 and give the password "
                           "in PGPASSWORD or ~/.pgpass, or type it when asked")
                .arg(kForm));
    }
    PostgresAddress address;
    if (pieces.hasUserInfo) {
        address.user = QUrl::fromPercentEncoding(pieces.userInfo.toUtf8());
        if (address.user.isEmpty()) {
            return refused(pieces.shown(),
                           QStringLiteral("no user name before '@'; leave out the '@' to log in "
                                          "as PGUSER or the operating-system user"));
        }
    }
    if (auto r = readHostPort(pieces, address); !r) return r.error();
    address.database = QUrl::fromPercentEncoding(pieces.path.mid(1).toUtf8());
    if (address.database.isEmpty()) {
        return refused(pieces.shown(), QStringLiteral("no database is named; write %1").arg(kForm));
    }
    if (address.database.contains(QLatin1Char('/'))) {
        return refused(pieces.shown(),
                       QStringLiteral("\"%1\" is not a database name (it contains '/')")
                           .arg(address.database));
    }
    if (pieces.extra.startsWith(QLatin1Char('?'))) {
        return refused(pieces.shown(),
                       QStringLiteral("connection options after '?' are not supported; libpq "
                                      "still reads them from PGSSLMODE and the other PG* "
                                      "environment variables"));
    }
    if (!pieces.extra.isEmpty()) {
        return refused(pieces.shown(), QStringLiteral("unexpected '#…' after the database name"));
    }
    return address;
}

QString PostgresAddress::url() const {
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    if (!user.isEmpty()) url.setUserName(user, QUrl::DecodedMode);
    url.setHost(host, QUrl::DecodedMode);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + database, QUrl::DecodedMode);
    return url.toString(QUrl::FullyEncoded);
}

}  // namespace facecase
