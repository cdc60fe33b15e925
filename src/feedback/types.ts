// What a 👍/👎 vote is and what the feedback report lists. The presenters make votes, the store keeps
// them, `dossier feedback` reads them; votes are not index data (a re-index never touches them).

export interface FeedbackVote {
  /** stable id of the answer voted on (the bot makes it) */
  answerId: string;
  question: string;
  citedArticleIds: string[];
  /** sha256 of the user id with a per-install salt; never the raw id */
  userHash: string;
  vote: 1 | -1;
}

export interface FeedbackRow {
  question: string;
  up: number;
  down: number;
  score: number;
  lastVoteAt: string;
  citedArticleIds: string[];
}
