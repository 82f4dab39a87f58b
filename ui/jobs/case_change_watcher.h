#pragma once

#include <QObject>
#include <QPointer>
#include <optional>

class QTimer;

namespace facecase::ui {

class DatabaseWorker;

// Follows one case's change sequence (CaseOverview::changeSequence: the seq of the case's
// newest audit record, which every verdict, review, probe, search and status change writes),
// so that an open case page shows what other analysts and processes record in the case within
// about a second. While started it reads the number on the DatabaseWorker every interval(),
// one read in flight at a time and never on the GUI thread, and emits changed() when the number
// moved since the previous read. The first read after setCase() is the baseline: no signal.
//
// Polling rather than PostgreSQL's LISTEN/NOTIFY: QSqlDriver::subscribeToNotification delivers
// through a socket notifier on the connection's thread, the DatabaseWorker's thread runs no
// event loop (it waits on its task queue), and SQLite has no notifications at all. One read
// of one index entry a second costs microseconds on SQLite and one round trip on PostgreSQL.
//
// GUI thread only. The worker is held by QPointer: a closed workspace stops the polls.
class CaseChangeWatcher : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 1000;  // half the 2 s an analyst may wait

    explicit CaseChangeWatcher(QObject* parent = nullptr);

    // The workspace's worker (null: none open, nothing is read). Not owned.
    void setDatabase(DatabaseWorker* database);
    // The case followed (0: none); reads its baseline at once.
    void setCase(qint64 caseId);
    qint64 caseId() const { return m_caseId; }

    void setInterval(int ms);
    int interval() const;
    // Polls every interval() from now on (and once at once); stop() pauses, keeping the last
    // number read, so a change made while paused is reported by the first poll after start().
    void start();
    void stop();
    bool isActive() const;
    // Reads the number now (unless a read is already on its way).
    void pollNow();

    // The number last read (none before the baseline).
    std::optional<qint64> lastSequence() const { return m_seen; }

signals:
    void changed(qint64 caseId, qint64 sequence);

private:
    QPointer<DatabaseWorker> m_database;
    QTimer* m_timer = nullptr;
    qint64 m_caseId = 0;
    std::optional<qint64> m_seen;
    bool m_polling = false;
    quint64 m_generation = 0;  // drops the answer of a read for another case or workspace
};

}  // namespace facecase::ui
