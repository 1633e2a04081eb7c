import { ensureSchema, type Database } from '@digital-post/event-store';

/**
 * The chain's tables, schema `operations`: each event's leaf in log order, the complete
 * subtrees above them (what a proof's path is read from), how far the chain has come, and the
 * signed checkpoints. Hashes only: no event's content is kept here.
 */
const statements = [
  'create schema if not exists operations',
  `create table if not exists operations.chain_leaves (
     leaf_index bigint primary key,
     global_position bigint not null unique,
     hash bytea not null
   )`,
  `create table if not exists operations.chain_nodes (
     level smallint not null,
     node_index bigint not null,
     hash bytea not null,
     primary key (level, node_index)
   )`,
  // One row: the chain's size and the log position it has read to (the transaction id as text,
  // as the log's readers keep it).
  `create table if not exists operations.chain_head (
     one boolean primary key default true check (one),
     size bigint not null,
     after_transaction text not null,
     after_position bigint not null,
     updated_at timestamptz not null
   )`,
  `create table if not exists operations.chain_checkpoints (
     seq bigint primary key,
     tree_size bigint not null,
     last_position bigint not null,
     root bytea not null,
     payload text not null,
     signature text not null,
     key_id text not null,
     signed_at timestamptz not null
   )`,
];

/** The tables (made by the owner at setup, or here), and the empty chain's head once. */
export const ensureChainSchema = async (db: Database): Promise<void> => {
  await ensureSchema(db, 'operations-chain-schema', statements);
  await db.query(
    `insert into operations.chain_head (one, size, after_transaction, after_position, updated_at)
       values (true, 0, '0', 0, now()) on conflict do nothing`,
  );
};
