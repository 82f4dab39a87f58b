// The start screen's "Purge Expired Cases…": lists the expired cases with what goes (read
// through the DatabaseWorker), changes nothing when cancelled, purges on confirmation, reports
// in the banner and shows the case as purged; with nothing expired it says so.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

#include "cases/case_list_model.h"
#include "cases/case_list_view.h"
#include "jobs/database_worker.h"
#include "services/casework/case_catalog.h"
#include "store/case_repository.h"
#include "store/probe_repository.h"
#include "store/workspace.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

class TestCasePurgeAction : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;
    qint64 m_oldId = 0;
    QString m_evidence;

    CaseRecord create(const QString& number) {
        CaseRecord draft;
        draft.caseNumber = number;
        draft.purpose = QStringLiteral("Robbery, warrant 88/24");
        auto created = CaseCatalog(*m_db, Actor(QStringLiteral("zoe"))).create(draft);
        if (!created) qFatal("%s", qPrintable(created.errorMessage()));
        return *created;
    }

    QString statusOf(const CaseListView& view, const QString& number) const {
        CaseListModel* model = view.model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->caseAt(row).caseNumber == number)
                return model->index(row, CaseListModel::StatusColumn).data().toString();
        }
        return {};
    }

    qint64 probesOfOldCase() const {
        QSqlQuery q(m_db->database());
        q.exec(QStringLiteral("SELECT count(*) FROM probes WHERE case_id = %1").arg(m_oldId));
        return q.next() ? q.value(0).toLongLong() : -1;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto workspace = Workspace::open(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto db = m_workspace->openConnection();
        QVERIFY(db.ok());
        m_db.emplace(std::move(db).value());

        // OLD-1: a probe, closed 800 days ago (policy default 730: expired). KEEP-2: closed
        // today. OPEN-3: open.
        const CaseRecord old = create(QStringLiteral("OLD-1"));
        m_oldId = old.id;
        const QByteArray photo("old probe");
        ProbeRecord p;
        p.caseId = old.id;
        p.sha256 = QString::fromLatin1(QCryptographicHash::hash(photo, QCryptographicHash::Sha256).toHex());
        p.evidencePath = QStringLiteral("evidence/%1.jpg").arg(p.sha256);
        p.fileBytes = photo.size();
        p.width = 640;
        p.height = 480;
        p.format = QStringLiteral("JPEG");
        p.declaredKind = ProbeRecord::DeclaredKind::CameraPhoto;
        auto added = ProbeRepository(*m_db).add(p, QStringLiteral("zoe"));
        QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
        m_evidence = QDir(m_workspace->folder()).filePath(p.evidencePath);
        QFile file(m_evidence);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(photo);
        file.close();
        const CaseCatalog cases(*m_db, Actor(QStringLiteral("zoe")));
        QVERIFY(cases.close(old.id).ok());
        QVERIFY(m_db->exec(QStringLiteral("UPDATE cases SET closed_at = '%1' WHERE id = %2")
                               .arg(QDateTime::currentDateTimeUtc().addDays(-800).toString(Qt::ISODateWithMs))
                               .arg(old.id),
                           QStringLiteral("age the case"))
                    .ok());
        QVERIFY(cases.close(create(QStringLiteral("KEEP-2")).id).ok());
        create(QStringLiteral("OPEN-3"));
    }

    void listsConfirmsPurgesAndReports() {
        DatabaseWorker worker(*m_workspace);
        CaseListView view;
        view.setWorker(&worker, m_workspace->folder());
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.model()->rowCount(), 3);
        QVERIFY(view.purgeButton()->isEnabled());
        QVERIFY(!view.purgeButton()->toolTip().isEmpty());

        // Cancel: nothing changes.
        QTest::mouseClick(view.purgeButton(), Qt::LeftButton);
        QTRY_VERIFY(view.purgeConfirmation() != nullptr);
        QMessageBox* box = view.purgeConfirmation();
        QVERIFY2(box->informativeText().contains(QStringLiteral("OLD-1")), qPrintable(box->informativeText()));
        QVERIFY(box->informativeText().contains(QStringLiteral("1 probe")));
        QVERIFY(!box->informativeText().contains(QStringLiteral("KEEP-2")));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(view.purgeConfirmation() == nullptr);
        // Had Cancel queued a purge on the worker, a task queued behind it finishes after it.
        QVERIFY(worker.run<int>([](const DatabaseConnection&) -> Result<int> { return 0; }).result().ok());
        QCOMPARE(probesOfOldCase(), qint64(1));
        QVERIFY(QFile::exists(m_evidence));

        // Confirm: purged, reported, shown as purged.
        QTest::mouseClick(view.purgeButton(), Qt::LeftButton);
        QTRY_VERIFY(view.purgeConfirmation() != nullptr);
        auto* purge = view.purgeConfirmation()->findChild<QPushButton*>(QStringLiteral("confirmPurgeButton"));
        QVERIFY(purge);
        QTest::mouseClick(purge, Qt::LeftButton);
        QTRY_VERIFY(view.messageBanner()->text().contains(QStringLiteral("Purged 1 case")));
        QCOMPARE(view.messageBanner()->kind(), MessageBanner::Kind::Info);
        QVERIFY(view.messageBanner()->text().contains(QStringLiteral("OLD-1")));
        QVERIFY(view.messageBanner()->text().contains(QStringLiteral("1 evidence file deleted")));
        QTRY_COMPARE(statusOf(view, QStringLiteral("OLD-1")), QStringLiteral("Purged"));
        QCOMPARE(statusOf(view, QStringLiteral("KEEP-2")), QStringLiteral("Closed"));
        QCOMPARE(probesOfOldCase(), qint64(0));
        QVERIFY(!QFile::exists(m_evidence));
        auto old = CaseRepository(*m_db).findById(m_oldId);
        QVERIFY(old->isPurged());

        // A purged case cannot be reopened from the list.
        QVERIFY(view.selectCase(m_oldId));
        QVERIFY(!view.reopenButton()->isEnabled());

        // Nothing left to purge: said in the banner, no dialog.
        view.messageBanner()->dismiss();
        QTest::mouseClick(view.purgeButton(), Qt::LeftButton);
        QTRY_VERIFY(view.messageBanner()->text().contains(QStringLiteral("nothing to purge")));
        QVERIFY(view.purgeConfirmation() == nullptr);
    }
};

QTEST_MAIN(TestCasePurgeAction)
#include "test_case_purge_action.moc"
