#pragma once

#include <QByteArray>
#include <QString>
#include <memory>

class QSettings;

namespace facecase::ui {

// The analyst's preferences, kept with QSettings under organization and application "FaceCase"
// (~/.config/FaceCase/FaceCase.conf on Linux). Every getter returns a usable value: a missing,
// malformed or out-of-policy stored value (an edited file, an older version) falls back to the
// default or is clamped into its bounds, and setters clamp the same way, so no caller has to
// check. Theme is not a setting: the window follows the system palette and style.
//
// Not thread-safe (QSettings instances are not); one instance per window. Reads are cached by
// QSettings; writes reach the disk on sync() or destruction.
class AppSettings {
public:
    // Candidate list length: the policy bounds of investigation mode (issue 6): never a single
    // "match", never a list too long to review.
    static constexpr int kDefaultCandidateCount = 20;
    static constexpr int kMinCandidateCount = 5;
    static constexpr int kMaxCandidateCount = 100;
    // The threshold shown in candidate lists, as the calibrated false-match rate "1 in N"
    // comparisons. The policy maximum rate is 1 in 10,000; stricter settings go as far as the
    // calibration data reaches (1 in 1,000,000).
    static constexpr int kDefaultThresholdOneIn = 10000;
    static constexpr int kMinThresholdOneIn = 10000;
    static constexpr int kMaxThresholdOneIn = 1000000;
    static constexpr int kMinWorkerThreads = 1;
    static constexpr int kMaxWorkerThreads = 64;

    AppSettings();
    // Settings in an INI file of one's own (tests, a portable install).
    explicit AppSettings(const QString& iniFile);
    ~AppSettings();
    AppSettings(const AppSettings&) = delete;
    AppSettings& operator=(const AppSettings&) = delete;

    // A folder (default Workspace::defaultLocation()) or an agency database's URL,
    // postgresql://user@host:port/db. Never a password: a URL is stored in the canonical form
    // WorkspaceLocation gives it, and one that does not parse (a password in it, a typo) is
    // not stored at all (false; the previous location stays).
    QString workspaceLocation() const;
    bool setWorkspaceLocation(const QString& location);  // empty resets to the default

    // The agency database last connected to, for the Connect dialog's fields: a postgresql://
    // URL without password, or empty. The setter stores only such a URL (false otherwise).
    QString lastAgencyUrl() const;
    bool setLastAgencyUrl(const QString& url);

    int workerThreads() const;  // default QThread::idealThreadCount()
    void setWorkerThreads(int count);
    static int defaultWorkerThreads();

    int candidateCount() const;
    void setCandidateCount(int count);

    int thresholdOneIn() const;  // a power of ten within the bounds
    void setThresholdOneIn(int oneIn);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    // Writes pending changes; false (with QSettings' status) when the file cannot be written.
    bool sync();
    QString fileName() const;

    static int clampCandidateCount(int count);
    static int clampWorkerThreads(int count);
    static int clampThresholdOneIn(int oneIn);

private:
    int readInt(const QString& key, int fallback) const;

    std::unique_ptr<QSettings> m_settings;
};

}  // namespace facecase::ui
