"""Stage 3: findings rendered for people and programs."""
