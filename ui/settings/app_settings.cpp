#include "settings/app_settings.h"

#include <QDir>
#include <QSettings>
#include <QThread>
#include <algorithm>
#include <cmath>

#include "store/workspace.h"
#include "store/workspace_location.h"

namespace facecase::ui {

namespace {
// Keys are part of the stored format: renaming one forgets every analyst's choice.
QString workspaceKey() {
    return QStringLiteral("workspace/location");
}
QString agencyUrlKey() {
    return QStringLiteral("workspace/lastAgencyUrl");
}

// The URL as stored: WorkspaceLocation's canonical form, which never holds a password (parse
// refuses a URL with one). Empty when `text` is not a PostgreSQL URL.
QString canonicalAgencyUrl(const QString& text) {
    auto location = WorkspaceLocation::parse(text);
    return location && location->isPostgres() ? location->displayName() : QString();
}
QString threadsKey() {
    return QStringLiteral("engine/workerThreads");
}
QString candidatesKey() {
    return QStringLiteral("search/candidateCount");
}
QString thresholdKey() {
    return QStringLiteral("search/thresholdOneIn");
}
QString geometryKey() {
    return QStringLiteral("window/geometry");
}
QString stateKey() {
    return QStringLiteral("window/state");
}
}  // namespace

AppSettings::AppSettings()
    : m_settings(
          std::make_unique<QSettings>(QStringLiteral("FaceCase"), QStringLiteral("FaceCase"))) {}

AppSettings::AppSettings(const QString& iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat)) {}

AppSettings::~AppSettings() = default;

int AppSettings::readInt(const QString& key, int fallback) const {
    bool ok = false;
    const int value = m_settings->value(key).toInt(&ok);
    return ok ? value : fallback;
}

QString AppSettings::workspaceLocation() const {
    const QString stored = m_settings->value(workspaceKey()).toString().trimmed();
    if (stored.isEmpty()) return Workspace::defaultLocation();
    // A URL is not a path: cleanPath would make "postgresql://host/db" "postgresql:/host/db".
    return WorkspaceLocation::looksLikeUrl(stored) ? stored : QDir::cleanPath(stored);
}

bool AppSettings::setWorkspaceLocation(const QString& location) {
    const QString cleaned = location.trimmed();
    if (WorkspaceLocation::looksLikeUrl(cleaned)) {
        const QString url = canonicalAgencyUrl(cleaned);
        if (url.isEmpty()) return false;
        m_settings->setValue(workspaceKey(), url);
        return true;
    }
    // The default is not written down, so that it follows Workspace::defaultLocation().
    if (cleaned.isEmpty() || QDir::cleanPath(cleaned) == Workspace::defaultLocation()) {
        m_settings->remove(workspaceKey());
    } else {
        m_settings->setValue(workspaceKey(), QDir::cleanPath(cleaned));
    }
    return true;
}

QString AppSettings::lastAgencyUrl() const {
    return canonicalAgencyUrl(m_settings->value(agencyUrlKey()).toString());
}

bool AppSettings::setLastAgencyUrl(const QString& url) {
    const QString canonical = canonicalAgencyUrl(url);
    if (canonical.isEmpty()) return false;
    m_settings->setValue(agencyUrlKey(), canonical);
    return true;
}

int AppSettings::defaultWorkerThreads() {
    return clampWorkerThreads(QThread::idealThreadCount());
}

int AppSettings::clampWorkerThreads(int count) {
    return std::clamp(count, kMinWorkerThreads, kMaxWorkerThreads);
}

int AppSettings::workerThreads() const {
    return clampWorkerThreads(readInt(threadsKey(), defaultWorkerThreads()));
}

void AppSettings::setWorkerThreads(int count) {
    m_settings->setValue(threadsKey(), clampWorkerThreads(count));
}

int AppSettings::clampCandidateCount(int count) {
    return std::clamp(count, kMinCandidateCount, kMaxCandidateCount);
}

int AppSettings::candidateCount() const {
    return clampCandidateCount(readInt(candidatesKey(), kDefaultCandidateCount));
}

void AppSettings::setCandidateCount(int count) {
    m_settings->setValue(candidatesKey(), clampCandidateCount(count));
}

int AppSettings::clampThresholdOneIn(int oneIn) {
    // Calibration tables hold thresholds at powers of ten only; snap to the nearest one.
    const int clamped = std::clamp(oneIn, kMinThresholdOneIn, kMaxThresholdOneIn);
    const double exponent = std::round(std::log10(double(clamped)));
    return int(std::lround(std::pow(10.0, exponent)));
}

int AppSettings::thresholdOneIn() const {
    return clampThresholdOneIn(readInt(thresholdKey(), kDefaultThresholdOneIn));
}

void AppSettings::setThresholdOneIn(int oneIn) {
    m_settings->setValue(thresholdKey(), clampThresholdOneIn(oneIn));
}

QByteArray AppSettings::windowGeometry() const {
    return m_settings->value(geometryKey()).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray& geometry) {
    m_settings->setValue(geometryKey(), geometry);
}

QByteArray AppSettings::windowState() const {
    return m_settings->value(stateKey()).toByteArray();
}

void AppSettings::setWindowState(const QByteArray& state) {
    m_settings->setValue(stateKey(), state);
}

bool AppSettings::sync() {
    m_settings->sync();
    return m_settings->status() == QSettings::NoError;
}

QString AppSettings::fileName() const {
    return m_settings->fileName();
}

}  // namespace facecase::ui
