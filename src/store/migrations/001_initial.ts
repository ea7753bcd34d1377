// The first schema. Portable DDL through the query builder; the one per-dialect override is the
// collation of looked-up text columns on PostgreSQL ("C": byte order, so the prefix ranges that
// ListUsers' ^= uses are served by the indexes, as they are with SQLite's default BINARY).
import { sql, type Kysely } from '../kysely.js';
import type { ColumnDefinitionBuilder } from 'kysely';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c);
  const time = 'bigint';

  await db.schema
    .createTable('secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_pools')
    .addColumn('id', 'text', (c) => key(c).primaryKey())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_pools_by_owner').on('user_pools').columns(['account', 'region', 'id']).execute();

  await db.schema
    .createTable('user_pool_clients')
    .addColumn('client_id', 'text', (c) => key(c).primaryKey())
    .addColumn('pool_id', 'text', (c) => key(c).notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clients_by_pool').on('user_pool_clients').columns(['pool_id', 'client_id']).execute();

  await db.schema
    .createTable('users')
    .addColumn('pool_id', 'text', (c) => key(c).notNull())
    .addColumn('sub', 'text', (c) => key(c).notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => key(c).notNull())
    .addColumn('status', 'text', (c) => key(c).notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('email', 'text', key)
    .addColumn('email_verified', 'integer', (c) => c.notNull())
    .addColumn('phone_number', 'text', key)
    .addColumn('phone_number_verified', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', key)
    .addColumn('given_name', 'text', key)
    .addColumn('family_name', 'text', key)
    .addColumn('preferred_username', 'text', key)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['pool_id', 'sub'])
    .execute();
  await db.schema.createIndex('users_by_username').unique().on('users').columns(['pool_id', 'username_key']).execute();
  // Each filterable attribute: equality and prefix filters, then the listing order.
  for (const col of [
    'email',
    'phone_number',
    'name',
    'given_name',
    'family_name',
    'preferred_username',
    'status',
    'enabled',
  ]) {
    await db.schema.createIndex(`users_by_${col}`).on('users').columns(['pool_id', col, 'username_key']).execute();
  }

  await db.schema
    .createTable('user_codes')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('user_codes_pk', ['pool_id', 'sub', 'purpose'])
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('pool_id', 'text', (c) => key(c).notNull())
    .addColumn('name', 'text', (c) => key(c).notNull())
    .addColumn('description', 'text')
    .addColumn('role_arn', 'text')
    .addColumn('precedence', 'integer')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['pool_id', 'name'])
    .execute();
  // Group names collide regardless of letter case on AWS (aws-amplify/amplify-backend#1781).
  await db.schema
    .createIndex('groups_by_folded_name')
    .unique()
    .on('groups')
    .columns(['pool_id'])
    .expression(sql`lower(name)`)
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('pool_id', 'text', (c) => key(c).notNull())
    .addColumn('group_name', 'text', (c) => key(c).notNull())
    .addColumn('sub', 'text', (c) => key(c).notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['pool_id', 'group_name', 'sub'])
    .execute();
  await db.schema.createIndex('group_members_by_user').on('group_members').columns(['pool_id', 'sub']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('pool_id', 'text')
    .addColumn('user_sub', 'text')
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('sender', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', time, (c) => c.notNull())
    .addColumn('lease_until', time)
    .addColumn('last_error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('delivered_at', time)
    .execute();
  await db.schema.createIndex('messages_due').on('messages').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('messages_by_pool').on('messages').columns(['pool_id', 'created_at']).execute();

  await db.schema
    .createTable('message_attempts')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', time, (c) => c.notNull())
    .addColumn('finished_at', time)
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('message_attempts_pk', ['message_id', 'attempt'])
    .execute();

  // Emails sent through Cognito's default sender, per account, region and UTC day (its daily quota).
  await db.schema
    .createTable('default_email_counts')
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('default_email_counts_pk', ['account', 'region', 'day'])
    .execute();

  await db.schema
    .createTable('mailbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text')
    .addColumn('body_html', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mailbox_by_time').on('mailbox').columns(['channel', 'created_at']).execute();
  // At-least-once delivery may hand the same message to the capture transport twice; the
  // mailbox keeps one copy.
  await db.schema.createIndex('mailbox_by_message').unique().on('mailbox').columns(['message_id']).execute();
}
