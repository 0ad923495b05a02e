package dev.patsnapcamel.model;

/**
 * The names of the message headers and exchange properties that the routes ({@code routes/**}) and the beans
 * share, each with what it holds. A header can come from outside (a queue message's properties, a file's
 * name); an exchange property cannot, so everything that decides where a message goes is a property. The
 * table of them, with the routes that set and read each, is in {@code docs/pipeline.md};
 * {@code HeadersTest} checks that every {@code Patsnap*} name in the routes is one of these and vice versa.
 */
public final class Headers {

    // --- intake: one input -------------------------------------------------------------------------------

    /** Header: the source name of the input (a file name, {@code sftp:<host>/<dir>/<file>}, {@code queue:<id>}, {@code watchlist:<file>:<start>}). */
    public static final String SOURCE = "PatsnapSource";
    /** Property: the key of the source in the state database, once {@code input-read} has opened it. */
    public static final String SOURCE_KEY = "PatsnapSourceKey";
    /** Property set by each intake route: the intake kind that took the input ({@code file}, {@code sftp}, {@code queue}, {@code watchlist}); decides its outputs. */
    public static final String INTAKE = "PatsnapIntake";
    /** Property: what becomes of an input file ({@code done}, {@code failed}, {@code parked}), the folder it moves to. */
    public static final String INTAKE_OUTCOME = "PatsnapIntakeOutcome";
    /** Property: the name an input file moves away under (its own, unless too long, see {@link OutputName}). */
    public static final String MOVED_NAME = "PatsnapMovedName";
    /** Header: what identifies the same input found again (name, size, time stamp; a message id), so that it resumes. */
    public static final String FINGERPRINT = "PatsnapFingerprint";
    /** Header: the input's format ({@code txt}, {@code csv}, {@code json}); else taken from the file name. */
    public static final String FORMAT = "PatsnapFormat";
    /** Header: a comma list narrowing the endpoints an input is called on (a queue request's); empty: all. */
    public static final String ENDPOINTS = "PatsnapEndpoints";
    /** Property: the number of IDs in the input, counted before any is handed on. */
    public static final String IDS_READ = "PatsnapIdsRead";
    /** Property: the endpoints ({@code List<String>}) the input's IDs go to, one batching route each. */
    public static final String BATCH_ENDPOINTS = "PatsnapBatchEndpoints";
    /** Property: true when the input's part-full batches are sent as soon as it is read (its intake is in {@code patsnap.batch.flush-at-end}). */
    public static final String FLUSH_AT_END = "PatsnapFlushAtEnd";
    /** Property of an item going into a batch: {@code patsnap.batch.timeout} (ms, or a duration such as {@code 2s}). */
    public static final String BATCH_TIMEOUT = "PatsnapBatchTimeout";
    /** Property of a batch being filled: when its first ID of an input whose end does not send it (a queue request's) came (epoch ms). */
    public static final String BATCH_OPENED_AT = "PatsnapBatchOpenedAt";
    /** Property of the item just added to a batch: how long (ms) the part-full batch may still wait, the aggregator's completion time-out. */
    public static final String BATCH_DUE_IN = "PatsnapBatchDueIn";

    // --- calls: one batch, one attempt -------------------------------------------------------------------

    /** Property (and result message header): the endpoint's name, e.g. {@code license}. */
    public static final String ENDPOINT = "PatsnapEndpoint";
    /** Property: the endpoint's API path, e.g. {@code /advanced-patent-data/license-data}. */
    public static final String PATH = "PatsnapPath";
    /** Property: the name of the result array in each {@code data[]} item of the endpoint's answer. */
    public static final String RESULT_FIELD = "PatsnapResultField";
    /** Property: the batch ({@code List<WorkItem>}) being called. */
    public static final String BATCH = "PatsnapBatch";
    /** Property: the id of a completed batch, as its repository row has it (several nodes: the queue message's duplicate id). */
    public static final String BATCH_ID = "PatsnapBatchId";
    /** Property: the call failed because of one bad ID in the batch ({@code batch-call} bisects it). */
    public static final String POISONED = "PatsnapPoisoned";
    /** Property: the call was refused because the account or the endpoint is stopped (the batch stays parked). */
    public static final String SUSPENDED = "PatsnapSuspended";
    /** Property: the full URL of the endpoint for this attempt. */
    public static final String CALL_URL = "PatsnapUrl";
    /** Property: the attempt's turn under the rate (a sequence number, api.CallSpacing), to note when it is sent. */
    public static final String CALL_TURN = "PatsnapCallTurn";
    /** Property: the query string of the attempt, without its credential. */
    public static final String CALL_QUERY = "PatsnapCallQuery";
    /** Property: which credential the attempt was sent with (its generation). */
    public static final String CREDENTIAL = "PatsnapCredential";
    /** Property: when the attempt's HTTP call left. */
    public static final String CALL_STARTED_AT = "PatsnapCallStartedAt";
    /** Property: how long the attempt's HTTP call took. */
    public static final String CALL_TOOK = "PatsnapCallTook";
    /** Property: the daily budget's reservation held by the attempt under way (its worst case, until its answer settles it). */
    public static final String BUDGET_HOLD = "PatsnapBudgetHold";
    /** Property: the budget leaves room for only part of the batch ({@code batch-call} calls that part, the rest waits). */
    public static final String OVER_BUDGET = "PatsnapOverBudget";
    /** Property: the results PatSnap billed for the attempt's answer, per source key ({@code Map<String, Long>}). */
    public static final String BILLED = "PatsnapBilled";
    /** Property: the day ({@code yyyy-MM-dd}) the bill reconciliation is about; yesterday when absent. */
    public static final String BILL_DAY = "PatsnapBillDay";
    /** Property: the URL of PatSnap's usage statement for the reconciliation. */
    public static final String STATEMENT_URL = "PatsnapStatementUrl";

    // --- ledger and outputs ------------------------------------------------------------------------------

    /** Property: the ledger lines ({@code List<LedgerEntry>}) just written, while {@code results-publish} hands them on. */
    public static final String WRITTEN = "PatsnapWritten";
    /** Property: the ids of the ledger outbox entries whose lines the exchange carries. */
    public static final String OUTBOX = "PatsnapOutbox";
    /** Property: set ({@code AtomicBoolean}) when an output failed to take the lines: they stay in the ledger outbox. */
    public static final String OUTBOX_KEEP = "PatsnapOutboxKeep";
    /** Property: the exception already caught before the outputs ran (not theirs). */
    public static final String CAUGHT_BEFORE_OUTPUTS = "PatsnapCaughtBeforeOutputs";
    /** Property: the outputs ({@code Set<String>}) this exchange's intake wants, as the {@code outputs} bean decides; the fan-outs ask it. */
    public static final String OUTPUTS = "PatsnapOutputs";
    /** Property: the output a fan-out branch is running, e.g. {@code csv}. */
    public static final String OUTPUT = "PatsnapOutput";
    /** Property an output route may set to {@code pending}: it left work to finish in the background. */
    public static final String OUTPUT_STATE = "PatsnapOutputState";
    /** Property: the state of each output run before the report, output name to state. */
    public static final String OUTPUT_STATES = "PatsnapOutputStates";
    /** Property: the source's report ({@code SourceReport}) while {@code report-write} and {@code report-publish} run. */
    public static final String REPORT = "PatsnapReport";
    /** Property: the report's file name in {@code outbox/reports}. */
    public static final String REPORT_FILE = "PatsnapReportFile";
    /** Property: the file name of the result database's catch-up task. */
    public static final String CATCH_UP_FILE = "PatsnapCatchUpFile";
    /** Header: how many change events a watch-list run's change file holds. */
    public static final String CHANGE_COUNT = "PatsnapChangeCount";

    // --- watch list, mail -------------------------------------------------------------------------------

    /** Property: true when the exchange is to start (or resume) a watch-list run. */
    public static final String WATCHLIST_RUN = "PatsnapWatchlistRun";
    /** Header set on the exchange of a resumed watch-list run (for the log). */
    public static final String WATCHLIST_RESUMED = "PatsnapWatchlistResumed";
    /** Property: the absolute path of the mail outbox file being sent. */
    public static final String MAIL_FILE = "PatsnapMailFile";

    // --- queue intake: request and answer messages ---------------------------------------------------------

    /** Property: the Camel component a queue request came through, {@code jms} or {@code amqp}; answers go back there. */
    public static final String BROKER = "PatsnapBroker";
    /** Property: a queue request as received, for the dead-letter queue. */
    public static final String QUEUE_REQUEST = "PatsnapQueueRequest";
    /** Header of an answer message: {@code result} or {@code completion}. */
    public static final String MESSAGE_TYPE = "PatsnapMessageType";
    /** Header of a result message: the ID (the query) the ledger line is about. */
    public static final String QUERY = "PatsnapQuery";
    /** Header of an answer message: the ledger line's status, or the request's ({@code complete}, {@code unreadable}). */
    public static final String STATUS = "PatsnapStatus";
    /** Header: why a request was refused (completion and dead-letter messages). */
    public static final String ERROR = "PatsnapError";
    /** Header of a dead letter: the refused request's id (its message id, or a digest when it has none). */
    public static final String REQUEST_ID = "PatsnapRequestId";

    // --- cluster: liveness (issue 14) --------------------------------------------------------------------

    /** Property: the gone node ({@code ClusterNodes.Node}) this node adopted, while {@code cluster-takeover} takes over its work. */
    public static final String GONE_NODE = "PatsnapGoneNode";

    private Headers() {}
}
