#include "jobs/case_change_watcher.h"

#include <QTimer>

#include "jobs/database_worker.h"
#include "services/casework/case_overview.h"

namespace facecase::ui {

CaseChangeWatcher::CaseChangeWatcher(QObject* parent) : QObject(parent) {
    m_timer = new QTimer(this);
    m_timer->setInterval(kDefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &CaseChangeWatcher::pollNow);
}

void CaseChangeWatcher::setDatabase(DatabaseWorker* database) {
    if (database == m_database) return;
    m_database = database;
    setCase(database ? m_caseId : 0);
}

void CaseChangeWatcher::setCase(qint64 caseId) {
    ++m_generation;
    m_caseId = caseId;
    m_seen.reset();
    m_polling = false;
    pollNow();  // the baseline, read before whatever the page reads next on the same worker
}

void CaseChangeWatcher::setInterval(int ms) { m_timer->setInterval(ms); }

int CaseChangeWatcher::interval() const { return m_timer->interval(); }

void CaseChangeWatcher::start() {
    if (m_timer->isActive()) return;
    m_timer->start();
    pollNow();
}

void CaseChangeWatcher::stop() { m_timer->stop(); }

bool CaseChangeWatcher::isActive() const { return m_timer->isActive(); }

void CaseChangeWatcher::pollNow() {
    if (!m_database || m_caseId == 0 || m_polling) return;
    m_polling = true;
    const quint64 generation = m_generation;
    const qint64 caseId = m_caseId;
    m_database->run<qint64>(
        [caseId](const DatabaseConnection& c) { return CaseOverview(c).changeSequence(caseId); },
        this, [this, generation, caseId](Result<qint64> sequence) {
            if (generation != m_generation) return;  // another case (or workspace) by now
            m_polling = false;
            // A failed read (a dropped server connection) is tried again at the next tick; the
            // page's own reads and writes report such failures in words.
            if (!sequence) return;
            const bool moved = m_seen && *m_seen != *sequence;
            m_seen = *sequence;
            if (moved) emit changed(caseId, *sequence);
        });
}

}  // namespace facecase::ui
