// The agency policy dialog (File ▸ Agency Policy…) on a real workspace through a DatabaseWorker,
// in order on one workspace: the built-in defaults, read-only until a supervisor passphrase is
// set; the passphrase checks of the dialog (length, repeat); setting it (audited); a wrong
// passphrase refused in the banner with nothing changed (the refusal audited); a missing reason
// refused inline before anything reaches the store; the right passphrase and a reason changing
// exactly the edited settings, seen through PolicyStore on a connection of the test's own;
// changing the passphrase; MainWindow's action and its clamp of the candidate list length.
// Each passphrase check costs ~0.1 s (Argon2id); six run here.
#include <QComboBox>
#include <QDir>
#include <QGroupBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QAction>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

#include "casework/case_work_view.h"
#include "jobs/database_worker.h"
#include "jobs/workspace_session.h"
#include "mainwindow/main_window.h"
#include "policy/policy_store.h"
#include "settings/policy_dialog.h"
#include "audit/audit_trail.h"
#include "store/workspace.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
const QString kPassphrase = QStringLiteral("correct horse battery staple");
const QString kMin = QStringLiteral("search.min_candidates");
const QString kDefault = QStringLiteral("search.default_candidates");
const QString kSecond = QStringLiteral("review.second_reviewer");

// With FACECASE_SCREENSHOT_DIR set (under Xvfb for the docs), saves what `widget` shows.
void screenshot(PolicyDialog* widget, const char* name) {
    const QString dir = qEnvironmentVariable("FACECASE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    QTRY_VERIFY_WITH_TIMEOUT(!widget->isBusy(), 30000);
    QCoreApplication::sendPostedEvents();  // layout requests and updates posted meanwhile
    QVERIFY(widget->grab().save(QDir(dir).filePath(QString::fromLatin1(name))));
}
}  // namespace

class TestPolicyDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseWorker> m_worker;

    // The audit log as the test's own connection reads it.
    std::vector<AuditRecord> records() {
        auto connection = m_workspace->openConnection();
        if (!connection) return {};
        auto all = AuditTrail(*connection).records();
        return all ? *all : std::vector<AuditRecord>{};
    }
    AgencyPolicy storedPolicy() {
        auto connection = m_workspace->openConnection();
        if (!connection) return {};
        auto policy = PolicyStore(*connection).load();
        return policy ? *policy : AgencyPolicy{};
    }

    // A shown dialog whose first load has finished.
    static bool waitLoaded(PolicyDialog& dialog, QSignalSpy& finished) {
        return QTest::qWaitFor([&] { return finished.size() >= 1 && !dialog.isBusy(); }, 5000);
    }
    static void type(QLineEdit* edit, const QString& text) {
        edit->clear();
        QTest::keyClicks(edit, text);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto workspace = Workspace::open(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        m_worker.emplace(*m_workspace);
    }

    void showsDefaultsReadOnlyWithoutPassphrase() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        QSignalSpy loaded(&dialog, &PolicyDialog::policyLoaded);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        QCOMPARE(loaded.size(), 1);
        QVERIFY(!dialog.hasSupervisorPassphrase());
        QVERIFY(dialog.banner()->isHidden());
        const AgencyPolicy defaults;
        QCOMPARE(int(AgencyPolicy::settings().size()), 9);
        for (const AgencyPolicy::Setting& s : AgencyPolicy::settings()) {
            QWidget* editor = dialog.editor(s.key);
            QVERIFY2(editor, qPrintable(s.key));
            QCOMPARE(dialog.editorText(s.key), defaults.valueText(s.key));
            QVERIFY2(!editor->isEnabled(), qPrintable(s.key));
            QVERIFY(editor->toolTip().contains(s.description));
            if (s.isChoice()) {
                QCOMPARE(qobject_cast<QComboBox*>(editor)->count(), int(s.choices.size()));
            } else {
                auto* box = qobject_cast<QSpinBox*>(editor);
                QVERIFY(box);
                QCOMPARE(box->minimum(), s.minimum);
                QCOMPARE(box->maximum(), s.maximum);
            }
        }
        QVERIFY(!dialog.applyButton()->isVisible());
        QVERIFY(dialog.passphraseGroup()->isVisible());
        QVERIFY(!dialog.currentPassphraseEdit()->isVisible());
        QVERIFY(!dialog.showPassphraseGroupButton()->isVisible());
        screenshot(&dialog, "agency-policy-unset.png");
    }

    void passphraseCheckedInDialog() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        const size_t before = records().size();

        type(dialog.newPassphraseEdit(), QStringLiteral("short"));
        type(dialog.repeatPassphraseEdit(), QStringLiteral("short"));
        QTest::mouseClick(dialog.setPassphraseButton(), Qt::LeftButton);
        QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Error);
        QVERIFY2(dialog.banner()->text().contains(QStringLiteral("at least 12 characters")),
                 qPrintable(dialog.banner()->text()));
        QVERIFY(dialog.newPassphraseEdit()->text().isEmpty());

        type(dialog.newPassphraseEdit(), kPassphrase);
        type(dialog.repeatPassphraseEdit(), kPassphrase + QLatin1Char('!'));
        QTest::mouseClick(dialog.setPassphraseButton(), Qt::LeftButton);
        QVERIFY2(dialog.banner()->text().contains(QStringLiteral("differ")), qPrintable(dialog.banner()->text()));
        QVERIFY(dialog.newPassphraseEdit()->text().isEmpty());
        QVERIFY(dialog.repeatPassphraseEdit()->text().isEmpty());
        QVERIFY(!dialog.isBusy());
        QCOMPARE(records().size(), before);  // nothing reached the store
    }

    void setPassphraseIsAudited() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));

        type(dialog.newPassphraseEdit(), kPassphrase);
        type(dialog.repeatPassphraseEdit(), kPassphrase);
        QTest::keyClick(dialog.repeatPassphraseEdit(), Qt::Key_Return);  // Enter sets it too
        QVERIFY(dialog.newPassphraseEdit()->text().isEmpty());
        QVERIFY(dialog.repeatPassphraseEdit()->text().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);  // the attempt, then the reload
        QVERIFY(!dialog.isBusy());

        const auto log = records();
        QVERIFY(!log.empty());
        QCOMPARE(log.back().action, QStringLiteral("supervisor_passphrase_set"));
        QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Info);
        QVERIFY2(dialog.banner()->text().contains(QStringLiteral("audit record %1").arg(log.back().seq)),
                 qPrintable(dialog.banner()->text()));
        QVERIFY(dialog.hasSupervisorPassphrase());
        QVERIFY(dialog.editor(kMin)->isEnabled());
        QVERIFY(dialog.applyButton()->isVisible());
        QVERIFY(!dialog.applyButton()->isEnabled());  // nothing edited yet
        QVERIFY(!dialog.passphraseGroup()->isVisible());
        QVERIFY(dialog.showPassphraseGroupButton()->isVisible());
    }

    void wrongPassphraseRefusedAndNothingChanged() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        QVERIFY(dialog.hasSupervisorPassphrase());

        dialog.setEditorText(kMin, QStringLiteral("10"));
        QVERIFY(dialog.applyButton()->isEnabled());
        type(dialog.reasonEdit(), QStringLiteral("directive 7"));
        type(dialog.passphraseEdit(), QStringLiteral("not the passphrase at all"));
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QVERIFY(dialog.passphraseEdit()->text().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);

        QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Error);
        QVERIFY2(dialog.banner()->text().contains(QStringLiteral("the supervisor passphrase is not correct")),
                 qPrintable(dialog.banner()->text()));
        QCOMPARE(storedPolicy(), AgencyPolicy{});
        QCOMPARE(records().back().action, QStringLiteral("policy_change_refused"));
        // The edit and the reason stay for another try.
        QCOMPARE(dialog.editorText(kMin), QStringLiteral("10"));
        QCOMPARE(dialog.reasonEdit()->text(), QStringLiteral("directive 7"));
    }

    void missingReasonRefusedInline() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        const size_t before = records().size();

        dialog.setEditorText(kMin, QStringLiteral("10"));
        type(dialog.reasonEdit(), QStringLiteral("   "));
        type(dialog.passphraseEdit(), kPassphrase);
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Error);
        QVERIFY2(dialog.banner()->text().contains(QStringLiteral("needs a reason")), qPrintable(dialog.banner()->text()));
        QVERIFY(dialog.passphraseEdit()->text().isEmpty());
        QVERIFY(!dialog.isBusy());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(records().size(), before);
        QCOMPARE(storedPolicy(), AgencyPolicy{});
    }

    void rightPassphraseChangesOnlyTheEditedSettings() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        QSignalSpy loaded(&dialog, &PolicyDialog::policyLoaded);
        QSignalSpy changedSignal(&dialog, &PolicyDialog::policyChanged);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        QCOMPARE(changedSignal.size(), 0);

        // Minimum 30 above the default 20 in force: the default must go first (the store checks
        // minimum ≤ default ≤ maximum after each change), which the dialog works out.
        dialog.setEditorText(kMin, QStringLiteral("30"));
        dialog.setEditorText(kDefault, QStringLiteral("40"));
        dialog.setEditorText(kSecond, QStringLiteral("required"));
        type(dialog.reasonEdit(), QStringLiteral("agency directive 2026-04"));
        type(dialog.passphraseEdit(), kPassphrase);
        QTest::keyClick(dialog.passphraseEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);

        const auto log = records();
        const AuditRecord& changed = log.back();
        QCOMPARE(changed.action, QStringLiteral("policy_changed"));
        QCOMPARE(changed.detailsObject().value(QStringLiteral("changes")).toArray().size(), 3);
        const QString banner = dialog.banner()->text();
        QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Info);
        QVERIFY2(banner.contains(QStringLiteral("search.min_candidates: 5 \u2192 30")), qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("review.second_reviewer: off \u2192 required")), qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("recorded as audit record %1").arg(changed.seq)), qPrintable(banner));

        AgencyPolicy expected;
        expected.minCandidates = 30;
        expected.defaultCandidates = 40;
        expected.secondReviewerRequired = true;
        QCOMPARE(storedPolicy(), expected);
        QCOMPARE(dialog.loadedPolicy(), expected);
        QCOMPARE(loaded.size(), 2);  // reloaded after the change
        QCOMPARE(changedSignal.size(), 1);
        QVERIFY(dialog.passphraseEdit()->text().isEmpty());
        QVERIFY(dialog.reasonEdit()->text().isEmpty());
        QVERIFY(!dialog.applyButton()->isEnabled());
        screenshot(&dialog, "agency-policy.png");
    }

    // Another supervisor changes the policy while this dialog is open. Applying an edit of a
    // setting they changed is refused naming them, with nothing written; the dialog then shows
    // their values (not reverting the one this supervisor did not touch) and keeps this
    // supervisor's edit, which applied again goes through.
    void aChangeByAnotherSupervisorMeanwhileIsNotOverwritten() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        QCOMPARE(dialog.editorText(kDefault), QStringLiteral("40"));
        QCOMPARE(dialog.editorText(kSecond), QStringLiteral("required"));
        {
            auto elsewhere = m_workspace->openConnection();
            QVERIFY(elsewhere.ok());
            auto other = PolicyStore(*elsewhere).change({{kDefault, QStringLiteral("50")}, {kSecond, QStringLiteral("off")}},
                                                        kPassphrase, QStringLiteral("task force"), QStringLiteral("lt.ortiz"));
            QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
        }
        const size_t before = records().size();

        dialog.setEditorText(kDefault, QStringLiteral("35"));
        type(dialog.reasonEdit(), QStringLiteral("shorter lists"));
        type(dialog.passphraseEdit(), kPassphrase);
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);  // refused, then read again
        QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Error);
        QVERIFY2(dialog.banner()->text().startsWith(
                     QStringLiteral("search.default_candidates was changed to 50 by lt.ortiz at ")) &&
                     dialog.banner()->text().endsWith(
                         QStringLiteral("since you opened the policy; look at it and set yours again")),
                 qPrintable(dialog.banner()->text()));
        QCOMPARE(records().size(), before);
        QCOMPARE(dialog.loadedPolicy().defaultCandidates, 50);
        QCOMPARE(dialog.editorText(kDefault), QStringLiteral("35"));    // this supervisor's edit, kept
        QCOMPARE(dialog.editorText(kSecond), QStringLiteral("off"));    // the other's, shown
        QCOMPARE(dialog.reasonEdit()->text(), QStringLiteral("shorter lists"));

        type(dialog.passphraseEdit(), kPassphrase);
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 5000);
        QCOMPARE(dialog.banner()->kind(), MessageBanner::Kind::Info);
        QCOMPARE(storedPolicy().defaultCandidates, 35);
        QVERIFY(!storedPolicy().secondReviewerRequired);
        const QJsonArray changes = records().back().detailsObject().value(QStringLiteral("changes")).toArray();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].toObject().value(QStringLiteral("from")).toString(), QStringLiteral("50"));
    }

    void changePassphrase() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        QTest::mouseClick(dialog.showPassphraseGroupButton(), Qt::LeftButton);
        QVERIFY(dialog.passphraseGroup()->isVisible());
        QVERIFY(dialog.currentPassphraseEdit()->isVisible());

        const QString next = QStringLiteral("a different long passphrase");
        type(dialog.currentPassphraseEdit(), kPassphrase);
        type(dialog.newPassphraseEdit(), next);
        type(dialog.repeatPassphraseEdit(), next);
        screenshot(&dialog, "agency-policy-change-passphrase.png");
        QTest::mouseClick(dialog.setPassphraseButton(), Qt::LeftButton);
        QVERIFY(dialog.currentPassphraseEdit()->text().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
        QCOMPARE(records().back().action, QStringLiteral("supervisor_passphrase_changed"));
        QVERIFY2(dialog.banner()->text().contains(QStringLiteral("changed")), qPrintable(dialog.banner()->text()));
        QVERIFY(!dialog.passphraseGroup()->isVisible());
    }

    void escapeCloses() {
        PolicyDialog dialog(&*m_worker);
        QSignalSpy finished(&dialog, &PolicyDialog::finished);
        dialog.show();
        QVERIFY(waitLoaded(dialog, finished));
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(rejected.size(), 1);
        QVERIFY(!dialog.isVisible());
    }

    // The window's wiring: the action follows the workspace, and the case page's candidate list
    // length (20 from the settings) is clamped into the stored policy's 30..100 when the
    // workspace opens, and into 35..100 when the dialog changes the policy.
    void mainWindowAppliesThePolicy() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        MainWindow window;
        QVERIFY(!window.policyAction()->isEnabled());
        QSpinBox* length = nullptr;
        for (QSpinBox* box : window.caseWorkView()->findChildren<QSpinBox*>()) {
            if (box->toolTip().contains(QStringLiteral("ranked candidates"))) length = box;
        }
        QVERIFY(length);
        QCOMPARE(length->value(), 20);
        window.openWorkspace(m_workspace->folder());
        QTRY_VERIFY_WITH_TIMEOUT(window.workspaceSession()->isOpen(), 10'000);
        QVERIFY(window.policyAction()->isEnabled());
        QTRY_COMPARE(length->value(), 30);
        // The spin box itself keeps within the policy: an analyst cannot ask for 20 any more.
        QCOMPARE(length->minimum(), 30);
        QCOMPARE(length->maximum(), 100);
        QVERIFY(length->toolTip().contains(QStringLiteral("policy: 30 to 100")));

        window.policyAction()->trigger();
        auto* dialog = window.findChild<PolicyDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible() && !dialog->isBusy());
        QCOMPARE(dialog->editorText(kMin), QStringLiteral("30"));
        QCOMPARE(length->value(), 30);
        // A change through the dialog is applied to the case page at once.
        QSignalSpy finished(dialog, &PolicyDialog::finished);
        dialog->setEditorText(kMin, QStringLiteral("35"));
        type(dialog->reasonEdit(), QStringLiteral("pilot"));
        type(dialog->passphraseEdit(), QStringLiteral("a different long passphrase"));  // changePassphrase()'s
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);  // the change's reload
        QVERIFY2(dialog->loadedPolicy().minCandidates == 35, qPrintable(dialog->banner()->text()));
        QCOMPARE(length->value(), 35);
        QCOMPARE(length->minimum(), 35);
        dialog->close();
    }

    void cleanupTestCase() { m_worker.reset(); }
};

QTEST_MAIN(TestPolicyDialog)
#include "test_policy_dialog.moc"
